//! Bytes → header and rows of trimmed strings: .xlsx (first sheet, told by its ZIP magic, let
//! through the zip guard before calamine opens it) or CSV in UTF-8 (with or without BOM), UTF-16
//! with BOM, or GBK/GB18030 as Excel saves it on Chinese Windows.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use encoding_rs::{Encoding, GB18030};
use jinguo_docx::container::{self, ContainerError, ZipLimits};
use jinguo_domain::validation::FieldIssue;
use std::borrow::Cow;
use std::io::Cursor;

/// One data row that is not entirely blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row number as a spreadsheet shows it.
    pub number: usize,
    pub cells: Vec<String>,
}

/// A file's first non-blank row (the header) and every non-blank row after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub header_row: usize,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// Why a file yields no sheet; reported at row 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file cannot be read, is empty, or holds only a header.
    Issue(FieldIssue),
    /// An .xlsx whose cells would not fit the import limits (a ZIP bomb or a whole database).
    TooLarge,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The old binary .xls format (OLE2), which we do not read: the user should save as .xlsx.
const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
/// Cells beyond this column are ignored: no import file has that many columns, and a stray cell
/// at XFD1 must not make every row sixteen thousand cells wide.
const MAX_COLUMNS: u32 = 64;
/// Non-empty cells an .xlsx may hold; a 20 MB CSV holds at most about this many.
const MAX_XLSX_CELLS: usize = 10_000_000;
const MIB: u64 = 1024 * 1024;
/// What the zip guard lets through to calamine. Every entry is inflated into a counter first
/// (keeping nothing), so calamine only ever inflates sizes that are proven; it then holds the
/// shared-string table and streams the sheet, so these bound what one import can make it hold,
/// with the server's 250 MB shared by every request at once. A real import workbook, tens of
/// thousands of rows of a dozen short columns, is a few MB of XML in about a dozen entries.
///
/// - 2,000 entries: a workbook has about ten entries plus three per sheet.
/// - 64 MiB uncompressed, in all and for any one entry (one sheet may be nearly all of it):
///   more than ten times the largest real import file.
/// - 100:1 at most for entries over 1 MiB: sheet XML compresses 5–20:1, even with long runs of
///   styled empty cells well under 100:1, while a bomb sits near deflate's ceiling of 1,032:1.
const XLSX_LIMITS: ZipLimits = ZipLimits {
    entries: 2_000,
    total: 64 * MIB,
    entry: 64 * MIB,
    ratio: 100,
    ratio_from: MIB,
};

/// Reads a whole file.
pub fn read(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let rows = if bytes.starts_with(ZIP_MAGIC) {
        // Before calamine sees the file: it would inflate whatever the zip declares.
        container::check(bytes, XLSX_LIMITS).map_err(zip_refused)?;
        read_xlsx(bytes)?
    } else if bytes.starts_with(OLE2_MAGIC) {
        return Err(ReadError::Issue(FieldIssue::UnreadableFile));
    } else {
        read_csv(bytes).map_err(ReadError::Issue)?
    };
    into_sheet(rows).map_err(ReadError::Issue)
}

/// The guard's refusal as the issue reported at row 1; a damaged zip is simply unreadable.
fn zip_refused(refused: ContainerError) -> ReadError {
    ReadError::Issue(match refused {
        ContainerError::TooManyEntries { limit } => FieldIssue::ZipTooManyEntries { limit },
        ContainerError::TooLargeUncompressed { limit_bytes } => {
            FieldIssue::ZipTooLarge { limit_bytes }
        }
        ContainerError::SuspiciousRatio { ratio_limit } => {
            FieldIssue::ZipSuspiciousRatio { ratio_limit }
        }
        ContainerError::Corrupt { .. } => FieldIssue::UnreadableFile,
    })
}

/// Splits rows into header and data, trimming cells and dropping blank rows.
fn into_sheet(rows: Vec<(usize, Vec<String>)>) -> Result<Sheet, FieldIssue> {
    let mut rows = rows.into_iter().filter_map(|(number, cells)| {
        let cells: Vec<String> = cells.into_iter().map(trim_owned).collect();
        cells
            .iter()
            .any(|c| !c.is_empty())
            .then_some(Row { number, cells })
    });
    let header = rows.next().ok_or(FieldIssue::EmptyFile)?;
    let rows: Vec<Row> = rows.collect();
    if rows.is_empty() {
        return Err(FieldIssue::NoDataRows);
    }
    Ok(Sheet {
        header_row: header.number,
        header: header.cells,
        rows,
    })
}

fn trim_owned(cell: String) -> String {
    let trimmed = cell.trim();
    if trimmed.len() == cell.len() {
        cell
    } else {
        trimmed.to_string()
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
    let unreadable = || ReadError::Issue(FieldIssue::UnreadableFile);
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let Some(first) = workbook.sheet_names().into_iter().next() else {
        return Ok(Vec::new());
    };
    // Cells are streamed rather than loaded as a dense range, so a sparse sheet costs what it holds.
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| unreadable())?;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut count = 0;
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS {
            continue;
        }
        let text = cell_text(Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_XLSX_CELLS {
            return Err(ReadError::TooLarge);
        }
        let number = row as usize + 1;
        if rows.last().is_none_or(|(last, _)| *last != number) {
            rows.push((number, Vec::new()));
        }
        if let Some((_, line)) = rows.last_mut() {
            let col = col as usize;
            if line.len() <= col {
                line.resize(col + 1, String::new());
            }
            line[col] = text;
        }
    }
    Ok(rows)
}

/// A cell as the user sees it: whole numbers without `.0` (codes, years and phone numbers are
/// often typed into number cells), booleans as `true`/`false`.
fn cell_text(cell: Data) -> String {
    match cell {
        Data::String(s) => s,
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, FieldIssue> {
    let text = decode(bytes)?;
    if text.contains('\0') {
        return Err(FieldIssue::UnreadableFile);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    // The reader passes over empty lines, which a spreadsheet shows as rows: a record's row is
    // the line it starts on (after any empty lines), less the line breaks inside quoted cells
    // of earlier records.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut breaks_in_cells = 0;
    for record in reader.records() {
        let record = record.map_err(|_| FieldIssue::UnreadableFile)?;
        let number = match record.position() {
            Some(at) => {
                let from = usize::try_from(at.byte()).unwrap_or(usize::MAX);
                let empty_lines = text
                    .as_bytes()
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .filter(|b| **b == b'\n')
                    .count();
                usize::try_from(at.line())
                    .unwrap_or(usize::MAX)
                    .saturating_add(empty_lines)
                    .saturating_sub(breaks_in_cells)
            }
            None => 0,
        };
        let number = number.max(rows.last().map_or(1, |(previous, _)| previous + 1));
        breaks_in_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count())
            .sum::<usize>();
        rows.push((number, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

/// Strict UTF-8 first (a GBK file is almost never valid UTF-8), then GB18030, a superset of GBK.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, FieldIssue> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return if had_errors {
            Err(FieldIssue::UnreadableFile)
        } else {
            Ok(text)
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        Err(FieldIssue::UnreadableFile)
    } else {
        Ok(text)
    }
}

/// Excel's "Unicode text" export is tab-separated; everything else here is comma-separated.
fn delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(sheet: &Sheet) -> Vec<Vec<&str>> {
        sheet
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn utf8_with_bom_is_read_and_cells_are_trimmed() {
        let sheet = read("\u{feff}代码,名称\n A1 , 急诊科 \n".as_bytes()).unwrap();
        assert_eq!(sheet.header, vec!["代码", "名称"]);
        assert_eq!(cells(&sheet), vec![vec!["A1", "急诊科"]]);
        assert_eq!(sheet.rows[0].number, 2);
    }

    #[test]
    fn gbk_is_read_when_the_bytes_are_not_utf8() {
        let (bytes, _, _) = GB18030.encode("代码,名称\nA1,渝中区\n");
        let sheet = read(&bytes).unwrap();
        assert_eq!(cells(&sheet), vec![vec!["A1", "渝中区"]]);
    }

    #[test]
    fn blank_rows_are_skipped_but_keep_their_numbers() {
        let sheet = read(b"code,name\n,\n\nA1,x\n").unwrap();
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].number, 4);
    }

    #[test]
    fn a_line_break_inside_a_quoted_cell_stays_in_its_row() {
        let sheet = read(b"code,name\n\"A1\",\"two\nlines\"\n\nB2,x\n").unwrap();
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![2, 4]);
        assert_eq!(sheet.rows[0].cells[1], "two\nlines");
    }

    #[test]
    fn empty_and_header_only_files_are_told_apart() {
        assert_eq!(read(b""), Err(ReadError::Issue(FieldIssue::EmptyFile)));
        assert_eq!(read(b" , \n"), Err(ReadError::Issue(FieldIssue::EmptyFile)));
        assert_eq!(
            read(b"code,name\n"),
            Err(ReadError::Issue(FieldIssue::NoDataRows))
        );
    }

    #[test]
    fn tab_separated_text_is_read() {
        let sheet = read(b"code\tname\nA1\tx\n").unwrap();
        assert_eq!(cells(&sheet), vec![vec!["A1", "x"]]);
    }

    #[test]
    fn old_xls_and_broken_zip_files_are_unreadable() {
        assert_eq!(
            read(b"\xD0\xCF\x11\xE0rest"),
            Err(ReadError::Issue(FieldIssue::UnreadableFile))
        );
        assert_eq!(
            read(b"PK\x03\x04garbage"),
            Err(ReadError::Issue(FieldIssue::UnreadableFile))
        );
    }

    #[test]
    fn whole_numbers_lose_their_decimal_point() {
        assert_eq!(cell_text(Data::Float(500103.0)), "500103");
        assert_eq!(cell_text(Data::Float(13800138000.0)), "13800138000");
        assert_eq!(cell_text(Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(Data::Int(2018)), "2018");
    }
}
