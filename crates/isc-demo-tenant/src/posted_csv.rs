//! One reader of a CSV file posted to the tenant, for the account aggregation and the
//! entitlement load: the header (cells trimmed, a byte-order mark dropped) and every row with
//! the file's line it starts on, a row the reader could not take kept as its error. A line of
//! blanks only (no delimiter) is no row.

/// A posted file, read.
pub(crate) struct PostedCsv {
    /// The header's cells, trimmed.
    pub header: Vec<String>,
    /// The rows, in the file's order.
    pub rows: Vec<PostedRow>,
}

/// A row: the line it starts on (1 is the header's), and its cells as written, or why the
/// reader could not take it.
pub(crate) struct PostedRow {
    pub line: u64,
    pub cells: Result<Vec<String>, String>,
}

/// Reads `file` with `delimiter`; `Err` (the sentence for the task's messages) when not even
/// the header reads.
pub(crate) fn read(file: &str, delimiter: char) -> Result<PostedCsv, String> {
    let text = file.trim_start_matches('\u{feff}').as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .from_reader(text);
    // The reader skips empty lines as part of the next record, whose position is then the
    // first of them: the record's own line is past them.
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(0, |p| {
            let skipped = text
                .iter()
                .skip(p.byte() as usize)
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|b| **b == b'\n')
                .count();
            p.line() + skipped as u64
        })
    };
    let header = reader
        .headers()
        .map_err(|e| format!("The file could not be read: {e}"))?
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let rows = reader
        .records()
        .filter_map(|r| match r {
            Ok(r) if r.len() == 1 && r[0].trim().is_empty() => None,
            Ok(r) => Some(PostedRow {
                line: line_of(r.position()),
                cells: Ok(r.iter().map(str::to_string).collect()),
            }),
            Err(e) => Some(PostedRow {
                line: line_of(e.position()),
                cells: Err(e.to_string()),
            }),
        })
        .collect();
    Ok(PostedCsv { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(r: &PostedRow) -> Vec<&str> {
        r.cells
            .as_ref()
            .expect("a row")
            .iter()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn rows_keep_their_line_of_the_file() {
        let f = "\u{feff} id ;name\n1;\"Ada\nLovelace\"\n\n   \n2;Alan\n\r\n\n;\n";
        let csv = read(f, ';').unwrap();
        assert_eq!(csv.header, ["id", "name"]);
        let lines: Vec<u64> = csv.rows.iter().map(|r| r.line).collect();
        // The quoted name spans lines 2 and 3; 4 is empty and 5 is blanks: no rows. 7 and 8 are
        // empty, and 9 has two empty cells: a row, which the caller refuses for its missing id.
        assert_eq!(lines, [2, 6, 9]);
        assert_eq!(cells(&csv.rows[0]), ["1", "Ada\nLovelace"]);
        assert_eq!(cells(&csv.rows[1]), ["2", "Alan"]);
        assert_eq!(cells(&csv.rows[2]), ["", ""]);
    }

    #[test]
    fn a_short_row_is_kept_as_written() {
        let csv = read("id,name\n1\n", ',').unwrap();
        assert_eq!(cells(&csv.rows[0]), ["1"]);
    }
}
