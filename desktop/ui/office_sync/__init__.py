"""The consolidating office's side of the Sync pane: receiving files, the communes' status, the
communes' keys and their setup packages (see `pane.OfficeSync`)."""
