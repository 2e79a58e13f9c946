"""MkDocs hooks (mkdocs.yml `hooks:`), thin: each calls into the folders beside it for one
concern (generated pages, languages, accessibility, privacy, downloads, the preview). May
import every folder of macros/ and macros.site; nothing imports them."""
