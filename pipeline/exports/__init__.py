"""Exchange formats written from the output tables: ParlaMint TEI, Popolo JSON, SCDL délibérations."""
