"""Stage 3, statistics -> what readers see: figures, reports, the workbook, disclosure control."""
