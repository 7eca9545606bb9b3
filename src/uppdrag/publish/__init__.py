"""Publishing: the HTML register (out/html/) and the live preview (`uppdrag serve`)."""
