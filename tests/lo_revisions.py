"""Accept or reject every tracked change of DOCX files in LibreOffice, saving each as DOCX.

Run with a Python that has LibreOffice's `uno` module (Debian: python3-uno):
    python3 tests/lo_revisions.py PROFILE_DIR accept|reject|keep IN.docx OUT.docx [IN OUT …]
It starts its own headless soffice on a private pipe and profile, and stops it at the end.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(profile: str, mode: str, files: list[str]) -> None:
    pipe = f"uppdrag_revisions_{Path(profile).name}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _attempt in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            raise SystemExit("soffice did not start")
        smgr = context.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for source, target in zip(files[::2], files[1::2], strict=True):
            url = Path(source).resolve().as_uri()
            document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            if mode in COMMANDS:
                frame = document.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, COMMANDS[mode], "", 0, ())
            out = Path(target).resolve().as_uri()
            document.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
            document.close(True)
        with contextlib.suppress(Exception):  # the bridge closes as soffice exits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
