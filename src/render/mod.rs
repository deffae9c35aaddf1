//! Output: the same view structs rendered as a table, JSON, JSON lines or CSV.

use crate::error::Result;
use comfy_table::{Attribute, Cell, ContentArrangement, Table};
use serde::Serialize;
use serde_json::Value;
use std::io::Write;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// How to draw: the format and whether colour is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub color: bool,
}

/// A list view: every key (the CSV header) and the columns a table shows.
pub struct Columns {
    pub keys: &'static [&'static str],
    /// (header, key) pairs shown by the table format.
    pub table: &'static [(&'static str, &'static str)],
    /// The table column that wraps when the row is too wide; the others keep
    /// their content width.
    pub flex: usize,
}

/// Render a list of items.
pub fn list<T: Serialize>(
    out: &mut dyn Write,
    style: Style,
    items: &[T],
    cols: &Columns,
) -> Result<()> {
    if style.format != Format::Table {
        return list_as_data(out, style, items, cols);
    }
    let n = cols.table.len();
    // Every row's cells, one row after another.
    let mut all: Vec<String> = Vec::with_capacity(items.len() * n);
    for it in items {
        all.extend(table_cells(it, cols)?);
    }
    table(out, style, cols, items.len(), |i, row| {
        for c in &all[i * n..(i + 1) * n] {
            row.push(c);
        }
    })
}

/// [`list`], with the table's cells written by `cells` instead of read from
/// each item's `serde_json::Value` (building one per item is most of the
/// cost of a long table), and not kept: they are asked for twice, to
/// measure the columns and to write the rows. `cells` must push, for every
/// column of `cols.table` in order, the text [`cell_text`] gives for that
/// key of the item's serialized value; [`table_cells`] is what it must
/// agree with.
pub fn list_cells<T: Serialize>(
    out: &mut dyn Write,
    style: Style,
    items: &[T],
    cols: &Columns,
    cells: impl Fn(&T, &mut Cells),
) -> Result<()> {
    if style.format != Format::Table {
        return list_as_data(out, style, items, cols);
    }
    table(out, style, cols, items.len(), |i, row| {
        cells(&items[i], row)
    })
}

/// The table cells [`list`] shows for one item (what a [`list_cells`]
/// writer must give).
pub fn table_cells<T: Serialize>(item: &T, cols: &Columns) -> Result<Vec<String>> {
    let v = serde_json::to_value(item)?;
    Ok(cols
        .table
        .iter()
        .map(|(_, k)| cell_text(lookup(&v, k)))
        .collect())
}

/// One row's table cells, written one after another into one buffer (no
/// allocation a cell).
#[derive(Debug, Default)]
pub struct Cells {
    text: String,
    ends: Vec<usize>,
    /// The last date pushed and its text: rows in order often share one.
    last_date: Option<(chrono::NaiveDate, String)>,
}

impl Cells {
    /// The next cell.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The next cell, a whole number.
    pub fn push_int(&mut self, n: i64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        let mut m = n.unsigned_abs();
        loop {
            at -= 1;
            buf[at] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if n < 0 {
            self.text.push('-');
        }
        self.text.extend(buf[at..].iter().map(|&b| char::from(b)));
        self.ends.push(self.text.len());
    }

    /// The next cell, a value's `Display` text.
    pub fn push_display(&mut self, cell: impl std::fmt::Display) {
        use std::fmt::Write as _;
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{cell}");
        self.ends.push(self.text.len());
    }

    /// The next cell, a date as `YYYY-MM-DD` (its `Display` text), made
    /// once for a run of rows with the same date.
    pub fn push_date(&mut self, d: chrono::NaiveDate) {
        let text = match &mut self.last_date {
            Some((last, text)) if *last == d => text,
            last => &last.insert((d, d.to_string())).1,
        };
        self.text.push_str(text);
        self.ends.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cell `i` (empty past the last).
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.ends.get(i).map_or("", |&end| &self.text[start..end])
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// The cells as strings (tests).
    pub fn to_vec(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).to_string()).collect()
    }
}

/// A list as JSON, JSON lines or CSV.
fn list_as_data<T: Serialize>(
    out: &mut dyn Write,
    style: Style,
    items: &[T],
    cols: &Columns,
) -> Result<()> {
    match style.format {
        Format::Json => {
            // Through a buffer of its own: the serializer's many small
            // writes are then plain copies, not calls through `dyn Write`.
            let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            serde_json::to_writer_pretty(&mut w, items)?;
            writeln!(w)?;
            w.flush()?;
        }
        Format::Jsonl => {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            for it in items {
                serde_json::to_writer(&mut w, it)?;
                writeln!(w)?;
            }
            w.flush()?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(cols.keys)?;
            for it in items {
                let v = serde_json::to_value(it)?;
                w.write_record(cols.keys.iter().map(|k| csv_cell(v.get(*k))))?;
            }
            w.flush()?;
        }
        Format::Table => unreachable!("tables are drawn by `table`"),
    }
    Ok(())
}

/// The width tables aim for.
const WIDTH: usize = 100;

/// Spaces to pad with.
const SPACES: &str = "                                                                                                    ";

/// The width of a cell in characters.
fn width(text: &str) -> usize {
    // In ASCII text (most of it) a character is a byte.
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Cut the white space off the end of the line that starts at `start`.
fn trim_line(text: &mut String, start: usize) {
    // Most lines end in padding, or in a letter.
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > start && bytes[end - 1] == b' ' {
        end -= 1;
    }
    let last = bytes[start..end].last();
    if !last.is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace()) {
        end = start + text[start..end].trim_end().len();
    }
    text.truncate(end);
}

/// Push `n` spaces.
fn pad(line: &mut String, n: usize) {
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        line.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// `len` rows as an aligned table: columns two spaces apart, a rule under
/// the header, only the `flex` column wrapping (at word boundaries) so the
/// table fits `WIDTH`; columns empty on every row (say, no assignment yet)
/// are left out. Written directly rather than through comfy-table: a
/// listing of 10,000 rows costs a few milliseconds this way instead of a
/// hundred. `row(i, cells)` pushes row `i`'s cells, one for each column of
/// `cols.table`; it is called twice a row, to measure and to write.
fn table(
    out: &mut dyn Write,
    style: Style,
    cols: &Columns,
    len: usize,
    mut row: impl FnMut(usize, &mut Cells),
) -> Result<()> {
    if len == 0 {
        writeln!(out, "(none)")?;
        return Ok(());
    }
    let n = cols.table.len();
    let mut cells = Cells::default();
    let mut filled = vec![false; n];
    let mut content = vec![0usize; n];
    for i in 0..len {
        cells.clear();
        row(i, &mut cells);
        debug_assert_eq!(cells.len(), n, "one cell a column");
        for (c, (f, w)) in filled.iter_mut().zip(content.iter_mut()).enumerate() {
            let text = cells.get(c);
            *f |= !text.is_empty();
            *w = (*w).max(width(text));
        }
    }
    let shown: Vec<usize> = (0..n).filter(|&c| c == 0 || filled[c]).collect();
    let headers: Vec<&str> = shown.iter().map(|&c| cols.table[c].0).collect();
    let flex = shown.iter().position(|&c| c == cols.flex);
    let k = shown.len();
    let mut widths: Vec<usize> = shown
        .iter()
        .zip(&headers)
        .map(|(&c, h)| content[c].max(h.chars().count()))
        .collect();
    if let Some(f) = flex {
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != f)
            .map(|(_, w)| w + 2)
            .sum();
        let room = WIDTH
            .saturating_sub(others)
            .max(headers[f].chars().count())
            .max(10);
        widths[f] = widths[f].min(room);
    }
    let total: usize = widths.iter().sum::<usize>() + 2 * k.saturating_sub(1);
    // Where each column starts on a line.
    let at: Vec<usize> = widths
        .iter()
        .scan(0, |next, w| {
            let here = *next;
            *next += w + 2;
            Some(here)
        })
        .collect();
    let mut line = String::with_capacity(WIDTH + 16);
    let push_cell = |line: &mut String, i: usize, text: &str| {
        line.push_str(text);
        if i + 1 < k {
            let room = widths[i] + 2;
            pad(line, (room - width(text).min(room)).max(1));
        }
    };
    for (i, h) in headers.iter().enumerate() {
        if style.color {
            line.push_str("\x1b[1m");
            line.push_str(h);
            line.push_str("\x1b[0m");
            if i + 1 < k {
                pad(&mut line, widths[i] + 2 - h.chars().count());
            }
        } else {
            push_cell(&mut line, i, h);
        }
    }
    writeln!(out, "{}", line.trim_end())?;
    writeln!(out, "{}", "─".repeat(total.clamp(1, WIDTH)))?;
    // The lines gathered here and written a block at a time: a call
    // through `dyn Write` a line adds up over thousands of rows.
    let mut text = String::with_capacity(1 << 16);
    let mut wrapped: Vec<(usize, usize)> = Vec::new();
    // The flex cell `wrapped` holds the lines of: rows in a row often
    // have the same one.
    let mut last_flex: Option<String> = None;
    for r in 0..len {
        cells.clear();
        row(r, &mut cells);
        if let Some(f) = flex {
            let text = cells.get(shown[f]);
            if last_flex.as_deref() != Some(text) {
                wrapped.clear();
                wrap_into(text, widths[f], &mut wrapped);
                let last = last_flex.get_or_insert_with(String::new);
                last.clear();
                last.push_str(text);
            }
        }
        let lines = wrapped.len().max(1);
        for j in 0..lines {
            // Written in place, then cut back to the line without the
            // trailing white space.
            let start = text.len();
            if let (true, Some(f)) = (j > 0, flex) {
                // A line of the flex cell alone: blank up to its column.
                let piece = wrapped
                    .get(j)
                    .map_or("", |&(a, b)| &cells.get(shown[f])[a..b]);
                pad(&mut text, at[f]);
                text.push_str(piece);
                trim_line(&mut text, start);
                text.push('\n');
                continue;
            }
            for (i, &c) in shown.iter().enumerate() {
                let cell: &str = if Some(i) == flex {
                    wrapped.get(j).map_or("", |&(a, b)| &cells.get(c)[a..b])
                } else if j == 0 {
                    cells.get(c)
                } else {
                    ""
                };
                push_cell(&mut text, i, cell);
            }
            trim_line(&mut text, start);
            text.push('\n');
        }
        if text.len() >= 1 << 16 {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Word-wrap `text` to lines of at most `width` characters (a longer word is
/// cut). Each line is the words it holds as they stand in `text`, single
/// spaces apart: a slice of it (a space that starts a line is dropped).
#[cfg(test)]
fn wrap(text: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    wrap_into(text, width, &mut lines);
    lines.iter().map(|&(a, b)| &text[a..b]).collect()
}

/// [`wrap`], the lines given as byte ranges of `text`, pushed to `lines`.
fn wrap_into(text: &str, width: usize, lines: &mut Vec<(usize, usize)>) {
    let width = width.max(1);
    // Most cells fit: one line, the whole text (what the loop below gives
    // for a text of at most `width` characters that starts with no space).
    if text.len() <= width && !text.starts_with(' ') {
        lines.push((0, text.len()));
        return;
    }
    let first = lines.len();
    // In ASCII text (most of it) a character is a byte.
    let ascii = text.is_ascii();
    let chars = |s: &str| if ascii { s.len() } else { s.chars().count() };
    // The line being filled: byte range and length in characters; None
    // while it is empty.
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut at = 0;
    for word in text.split(' ') {
        let (mut start, end) = (at, at + word.len());
        at = end + 1;
        let mut len = chars(word);
        loop {
            match cur {
                Some((s, e, n)) => {
                    if n + 1 + len <= width {
                        cur = Some((s, end, n + 1 + len));
                        break;
                    }
                    lines.push((s, e));
                    cur = None;
                }
                None if len <= width => {
                    if len > 0 {
                        cur = Some((start, end, len));
                    }
                    break;
                }
                None => {
                    // A word longer than the line: cut it.
                    let cut = if ascii {
                        start + width
                    } else {
                        text[start..end]
                            .char_indices()
                            .nth(width)
                            .map_or(end, |(i, _)| start + i)
                    };
                    lines.push((start, cut));
                    start = cut;
                    len -= width;
                }
            }
        }
    }
    match cur {
        Some((s, e, _)) => lines.push((s, e)),
        None if lines.len() == first => lines.push((0, 0)),
        None => {}
    }
}

/// Render one object. The table format shows its scalar fields as a
/// two-column table, then each list-of-objects field as a table of its own.
pub fn one<T: Serialize>(out: &mut dyn Write, style: Style, item: &T) -> Result<()> {
    let v = serde_json::to_value(item)?;
    match style.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, &v)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let obj = v.as_object().cloned().unwrap_or_default();
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(obj.keys())?;
            w.write_record(obj.values().map(|x| csv_cell(Some(x))))?;
            w.flush()?;
        }
        Format::Table => {
            let obj = v.as_object().cloned().unwrap_or_default();
            let mut t = new_table(style);
            let mut sections = Vec::new();
            for (k, val) in &obj {
                match val {
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        sections.push((k.clone(), items.clone()))
                    }
                    // A nested object reads best one field a row: `next.due_on`.
                    Value::Object(inner) => {
                        for (k2, v2) in inner {
                            t.add_row(vec![
                                header_cell(&format!("{k}.{k2}"), style),
                                Cell::new(cell_text(Some(v2))),
                            ]);
                        }
                    }
                    _ => {
                        t.add_row(vec![header_cell(k, style), Cell::new(cell_text(Some(val)))]);
                    }
                }
            }
            write_table(out, t)?;
            for (name, items) in sections {
                writeln!(out, "\n{name}:")?;
                write_objects(out, style, &items)?;
            }
        }
    }
    Ok(())
}

/// A table of JSON objects, columns in the order of the first one's keys;
/// as in lists, columns empty on every row are left out, and only the last
/// column wraps.
fn write_objects(out: &mut dyn Write, style: Style, items: &[Value]) -> Result<()> {
    let keys: Vec<String> = items
        .first()
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect::<Vec<String>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter(|(i, k)| *i == 0 || items.iter().any(|it| !cell_text(it.get(k)).is_empty()))
        .map(|(_, k)| k)
        .collect();
    let mut t = new_table(style);
    t.set_header(keys.iter().map(|k| header_cell(k, style)));
    for it in items {
        t.add_row(keys.iter().map(|k| cell_text(it.get(k))));
    }
    // Only the column with the longest text wraps when the table is too wide.
    let widest = (0..keys.len())
        .max_by_key(|&i| {
            items
                .iter()
                .map(|it| cell_text(it.get(&keys[i])).chars().count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    for (i, c) in t.column_iter_mut().enumerate() {
        if i != widest {
            c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    write_table(out, t)
}

/// Write a table without the trailing spaces of its padding.
fn write_table(out: &mut dyn Write, mut t: Table) -> Result<()> {
    for c in t.column_iter_mut() {
        c.set_padding((0, 1));
    }
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// No borders, one rule under the header: easy to read and to grep.
const PRESET: &str = "     ──            ";

fn new_table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_preset(PRESET)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn header_cell(text: &str, style: Style) -> Cell {
    let c = Cell::new(text);
    if style.color {
        c.add_attribute(Attribute::Bold)
    } else {
        c
    }
}

fn lookup<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(v, |acc, k| acc.get(k))
}

/// Text of a value in a table cell: empty for null, yes/no for booleans.
pub fn cell_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| cell_text(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(o)) => o
            .values()
            .filter(|x| !x.is_null())
            .map(|x| cell_text(Some(x)))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// Text of a value in a CSV cell: scalars as themselves (booleans `true` /
/// `false`), nested objects and arrays as compact JSON, null as empty.
fn csv_cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct V {
        a: i32,
        b: Option<String>,
        c: bool,
    }

    const COLS: Columns = Columns {
        keys: &["a", "b", "c"],
        table: &[("A", "a"), ("C", "c")],
        flex: 0,
    };

    fn render(f: Format, items: &[V]) -> String {
        let mut out = Vec::new();
        list(
            &mut out,
            Style {
                format: f,
                color: false,
            },
            items,
            &COLS,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_hold_dates_and_numbers_as_their_display_text() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let dates = [
            d("2027-07-01"),
            d("2027-07-01"),
            d("0001-01-09"),
            d("2027-07-01"),
            chrono::NaiveDate::MAX,
            d("9999-12-31"),
            chrono::NaiveDate::MIN,
            d("2027-07-01"),
        ];
        // One row after another in the same cells, as a table writes them.
        let mut cells = Cells::default();
        for (i, &date) in dates.iter().enumerate() {
            cells.clear();
            cells.push_date(date);
            cells.push_int(i as i64 - 3);
            cells.push_int(i64::MIN);
            assert_eq!(
                cells.to_vec(),
                [
                    date.to_string(),
                    (i as i64 - 3).to_string(),
                    i64::MIN.to_string()
                ]
            );
        }
    }

    #[test]
    fn formats() {
        let items = [
            V {
                a: 1,
                b: None,
                c: true,
            },
            V {
                a: 2,
                b: Some("x,y".into()),
                c: false,
            },
        ];
        assert_eq!(
            render(Format::Csv, &items),
            "a,b,c\n1,,true\n2,\"x,y\",false\n"
        );
        assert_eq!(render(Format::Jsonl, &items).lines().count(), 2);
        assert!(render(Format::Json, &items).contains("\"b\": null"));
        assert!(render(Format::Table, &items).contains("yes"));
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Csv, &[]), "a,b,c\n");
    }

    /// The word wrap as first written, word by word into new strings: what
    /// [`wrap`] must agree with.
    fn wrap_words(text: &str, width: usize) -> Vec<String> {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in text.split(' ') {
            let mut word = word.to_string();
            loop {
                let cur_len = cur.chars().count();
                let word_len = word.chars().count();
                let need = if cur.is_empty() {
                    word_len
                } else {
                    cur_len + 1 + word_len
                };
                if need <= width {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(&word);
                    break;
                }
                if !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    continue;
                }
                // A word longer than the line: cut it.
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
                if word.is_empty() {
                    break;
                }
            }
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        lines
    }

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("  a  b", 3), vec!["a ", "b"]);
        assert_eq!(wrap("ééééé x", 2), vec!["éé", "éé", "é", "x"]);
    }

    proptest::proptest! {
        #[test]
        fn a_line_is_trimmed_as_trim_end_would_and_a_width_is_its_characters(
            before in "[a\\t é]{0,4}",
            line in "[a \\t\\x0B\\u{3000}é]{0,12}",
        ) {
            let mut text = before.clone();
            text.push_str(&line);
            trim_line(&mut text, before.len());
            proptest::prop_assert_eq!(text, format!("{before}{}", line.trim_end()));
            proptest::prop_assert_eq!(width(&line), line.chars().count());
        }

        #[test]
        fn wrap_agrees_with_the_word_by_word_wrap(
            text in "[a é-]{0,3}( {0,3}[a-z éß]{0,12}){0,6}",
            width in 0usize..16,
        ) {
            proptest::prop_assert_eq!(wrap(&text, width), wrap_words(&text, width));
        }
    }

    #[test]
    fn list_tables_fit_the_width_and_wrap_the_flex_column() {
        #[derive(Serialize)]
        struct W {
            a: String,
            b: String,
        }
        const C: Columns = Columns {
            keys: &["a", "b"],
            table: &[("A", "a"), ("B", "b")],
            flex: 1,
        };
        let items = [W {
            a: "x".repeat(30),
            b: "word ".repeat(40),
        }];
        let mut out = Vec::new();
        list(
            &mut out,
            Style {
                format: Format::Table,
                color: false,
            },
            &items,
            &C,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() > 3, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        assert!(text.lines().nth(2).unwrap().starts_with(&"x".repeat(30)));
    }
}
