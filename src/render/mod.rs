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
    match style.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, items)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for it in items {
                serde_json::to_writer(&mut *out, it)?;
                writeln!(out)?;
            }
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
        Format::Table => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|it| {
                    let v = serde_json::to_value(it)?;
                    Ok(cols
                        .table
                        .iter()
                        .map(|(_, k)| cell_text(lookup(&v, k)))
                        .collect())
                })
                .collect::<Result<_>>()?;
            // Columns empty on every row are left out (say, no assignment yet).
            let shown: Vec<usize> = (0..cols.table.len())
                .filter(|&i| i == 0 || rows.iter().any(|r| !r[i].is_empty()))
                .collect();
            if items.is_empty() {
                writeln!(out, "(none)")?;
            } else {
                let headers: Vec<&str> = shown.iter().map(|&i| cols.table[i].0).collect();
                let cells: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|r| shown.iter().map(|&i| r[i].as_str()).collect())
                    .collect();
                let flex = shown.iter().position(|&i| i == cols.flex);
                write_list(out, style, &headers, &cells, flex)?;
            }
        }
    }
    Ok(())
}

/// The width tables aim for.
const WIDTH: usize = 100;

/// A list as an aligned table: columns two spaces apart, a rule under the
/// header, only the `flex` column wrapping (at word boundaries) so the table
/// fits `WIDTH`. Written directly rather than through comfy-table: a listing
/// of 10,000 rows costs a few milliseconds this way instead of a hundred.
fn write_list(
    out: &mut dyn Write,
    style: Style,
    headers: &[&str],
    rows: &[Vec<&str>],
    flex: Option<usize>,
) -> Result<()> {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
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
    let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
    let mut line = String::with_capacity(WIDTH + 16);
    let push_cell = |line: &mut String, i: usize, text: &str| {
        line.push_str(text);
        if i + 1 < n {
            let pad = widths[i] + 2 - text.chars().count().min(widths[i] + 2);
            line.extend(std::iter::repeat_n(' ', pad.max(1)));
        }
    };
    for (i, h) in headers.iter().enumerate() {
        if style.color {
            line.push_str("\x1b[1m");
            line.push_str(h);
            line.push_str("\x1b[0m");
            if i + 1 < n {
                line.extend(std::iter::repeat_n(' ', widths[i] + 2 - h.chars().count()));
            }
        } else {
            push_cell(&mut line, i, h);
        }
    }
    writeln!(out, "{}", line.trim_end())?;
    writeln!(out, "{}", "─".repeat(total.clamp(1, WIDTH)))?;
    for r in rows {
        let wrapped: Vec<String> = match flex {
            Some(f) => wrap(r[f], widths[f]),
            None => Vec::new(),
        };
        let lines = wrapped.len().max(1);
        for k in 0..lines {
            line.clear();
            for (i, c) in r.iter().enumerate() {
                let text: &str = if Some(i) == flex {
                    wrapped.get(k).map_or("", String::as_str)
                } else if k == 0 {
                    c
                } else {
                    ""
                };
                push_cell(&mut line, i, text);
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

/// Word-wrap `text` to lines of at most `width` characters (a longer word is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
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

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
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
