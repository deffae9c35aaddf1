//! Output: the same view structs rendered as a table, JSON, JSON lines or CSV.

pub mod grid;
pub mod html;
pub mod ics;

use crate::error::Result;
pub use grid::Cells;
use grid::Grid;
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
    // iCalendar (RFC 5545): `ftc agenda` only.
    Ics,
}

/// The refusal of `--format ics` by a command other than `ftc agenda`.
pub fn ics_only() -> crate::error::Failure {
    crate::error::invalid("--format ics is for `ftc agenda` only")
        .with_hint("use table, json, jsonl or csv here")
}

/// How to draw: the format, whether colour is allowed, and how wide a
/// table may be (`None`: output to a pipe or a file, rows never wrapped).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub color: bool,
    pub width: Option<usize>,
}

impl Style {
    /// How wide tables may be on standard output: on a terminal, `COLUMNS`
    /// when set, else the terminal's width; piped, no limit.
    pub fn stdout_width() -> Option<usize> {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            return None;
        }
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        Some(columns.unwrap_or_else(|| {
            terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0))
        }))
    }
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
        Format::Ics => return Err(ics_only().into()),
    }
    Ok(())
}

/// `len` rows as an aligned table (see [`grid`]): only the `flex` column
/// wraps while others can keep their width; columns empty on every row
/// (say, no assignment yet) are left out. `row(i, cells)` pushes row `i`'s
/// cells, one for each column of `cols.table`.
fn table(
    out: &mut dyn Write,
    style: Style,
    cols: &Columns,
    len: usize,
    row: impl FnMut(usize, &mut Cells),
) -> Result<()> {
    if len == 0 {
        writeln!(out, "(none)")?;
        return Ok(());
    }
    let headers: Vec<&str> = cols.table.iter().map(|(h, _)| *h).collect();
    Grid {
        headers: Some(&headers),
        columns: headers.len(),
        flex: Some(cols.flex),
        hide_empty: true,
        limit: style.width,
        bold: style.color,
    }
    .draw(out, len, row)
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
        Format::Ics => return Err(ics_only().into()),
        Format::Csv => {
            let obj = v.as_object().cloned().unwrap_or_default();
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(obj.keys())?;
            w.write_record(obj.values().map(|x| csv_cell(Some(x))))?;
            w.flush()?;
        }
        Format::Table => {
            let obj = v.as_object().cloned().unwrap_or_default();
            let mut pairs: Vec<(String, String)> = Vec::new();
            let mut sections = Vec::new();
            for (k, val) in &obj {
                match val {
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        sections.push((k.clone(), items.clone()))
                    }
                    // A nested object reads best one field a row: `next.due_on`.
                    Value::Object(inner) => {
                        for (k2, v2) in inner {
                            pairs.push((format!("{k}.{k2}"), cell_text(Some(v2))));
                        }
                    }
                    _ => pairs.push((k.clone(), cell_text(Some(val)))),
                }
            }
            Grid {
                headers: None,
                columns: 2,
                flex: Some(1),
                hide_empty: false,
                limit: style.width,
                bold: false,
            }
            .draw(out, pairs.len(), |i, c| {
                c.push(&pairs[i].0);
                c.push(&pairs[i].1);
            })?;
            for (name, items) in sections {
                writeln!(out, "\n{name}:")?;
                write_objects(out, style, &items)?;
            }
        }
    }
    Ok(())
}

/// A table of JSON objects, columns in the order of the first one's keys;
/// as in lists, columns empty on every row are left out, and the column
/// with the longest text gives way first.
fn write_objects(out: &mut dyn Write, style: Style, items: &[Value]) -> Result<()> {
    let keys: Vec<String> = items
        .first()
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let cells: Vec<Vec<String>> = items
        .iter()
        .map(|it| keys.iter().map(|k| cell_text(it.get(k))).collect())
        .collect();
    let widest = (0..keys.len())
        .max_by_key(|&c| cells.iter().map(|r| grid::width(&r[c])).max().unwrap_or(0));
    let headers: Vec<&str> = keys.iter().map(String::as_str).collect();
    Grid {
        headers: Some(&headers),
        columns: keys.len(),
        flex: widest,
        hide_empty: true,
        limit: style.width,
        bold: style.color,
    }
    .draw(out, items.len(), |i, c| {
        for cell in &cells[i] {
            c.push(cell);
        }
    })
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
                width: None,
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
                width: Some(100),
            },
            &items,
            &C,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() > 3, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        assert!(text.lines().nth(2).unwrap().starts_with(&"x".repeat(30)));
        // Piped (no width): one line a row, however long.
        let mut out = Vec::new();
        list(
            &mut out,
            Style {
                format: Format::Table,
                color: false,
                width: None,
            },
            &items,
            &C,
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
    }
}
