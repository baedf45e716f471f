"""Word documents: the container's checks, the source of blocks, and the writer."""
