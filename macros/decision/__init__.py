"""The decision: every route through the questions and the result it leads to, the protocol's
ordering rules and its own rules (rules:), the checks that need routes, each page's complete
sequence (informed consent and a child victim's section in place), the flowchart's layout, and
the route-by-route advice listing and diff.
May import macros.protocol and macros.languages."""
