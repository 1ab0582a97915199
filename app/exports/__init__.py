"""Claims in other formats: pure functions from pages of claim rows to bytes.

Every format is written page by page (`head`, then `page` for each keyset page, then `tail`), so an
export of any size is streamed in constant memory; the service feeds the pages
(`app.services.exports`), the API and the CLI choose the format.
"""
