"""Pages: the model as HTML fragments through the templates in templates/ (reference pages,
the card and its fit estimate, /decide/'s widget data and no-JS tree), the downloads
(protocol.json, contacts.vcf), the privacy rules and the search index. May import
macros.protocol, macros.languages and macros.decision."""
