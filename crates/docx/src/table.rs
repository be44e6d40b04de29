//! Flattens a table while it is read: each row becomes one paragraph of its cells' text joined
//! by a full-width space; pictures in the row follow that paragraph. Nested tables pour their
//! text into the outer table's current cell.

use crate::body::Piece;
use crate::styles::StyleKind;

/// What separates table cells (and paragraphs within a cell) once a row is one paragraph.
const CELL_SEPARATOR: &str = "\u{3000}";

/// The outermost open table.
pub(crate) struct Table {
    /// 1 for the outermost table, more inside nested tables.
    depth: usize,
    /// How many paragraphs were open when the table began (a table can sit in a text box).
    base: usize,
    rows: usize,
    cells: Vec<String>,
    /// Pictures and text-box pieces met in the current row, to follow the row's paragraph.
    after: Vec<Piece>,
}

impl Table {
    pub(crate) fn new(base: usize) -> Self {
        Self {
            depth: 1,
            base,
            rows: 0,
            cells: Vec::new(),
            after: Vec::new(),
        }
    }

    /// Whether a paragraph ending with `open` paragraphs still open belongs in a cell.
    pub(crate) fn holds_paragraph(&self, open: usize) -> bool {
        self.base == open
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    pub(crate) fn enter_nested(&mut self) {
        self.depth += 1;
    }

    /// Closes a table; true when it was the outermost one.
    pub(crate) fn leave(&mut self) -> bool {
        self.depth = self.depth.saturating_sub(1);
        self.depth == 0
    }

    pub(crate) fn start_row(&mut self) {
        if self.depth == 1 {
            self.cells.clear();
        }
    }

    pub(crate) fn start_cell(&mut self) {
        if self.depth == 1 {
            self.cells.push(String::new());
        }
    }

    /// A finished paragraph of the current cell: its text joins the cell, the rest waits.
    pub(crate) fn add(&mut self, pieces: impl IntoIterator<Item = Piece>) {
        for piece in pieces {
            match piece {
                Piece::Text { text, .. } => self.push_cell_text(&text),
                other => self.after.push(other),
            }
        }
    }

    /// The row's paragraph and what followed it in the row; nothing for a nested table's row.
    pub(crate) fn end_row(&mut self) -> Vec<Piece> {
        if self.depth != 1 {
            return Vec::new();
        }
        self.rows += 1;
        let cells: Vec<String> = self.cells.drain(..).filter(|c| !c.is_empty()).collect();
        let text = cells.join(CELL_SEPARATOR);
        let mut pieces = Vec::with_capacity(self.after.len() + 1);
        if !text.is_empty() {
            let kind = StyleKind::Body;
            pieces.push(Piece::Text { text, kind });
        }
        pieces.append(&mut self.after);
        pieces
    }

    fn push_cell_text(&mut self, text: &str) {
        if self.cells.is_empty() {
            self.cells.push(String::new());
        }
        if let Some(cell) = self.cells.last_mut() {
            if !cell.is_empty() {
                cell.push_str(CELL_SEPARATOR);
            }
            cell.push_str(text);
        }
    }
}
