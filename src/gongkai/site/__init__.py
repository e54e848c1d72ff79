"""The portal site: a MkDocs plugin and macros that render pages from the validated model."""
