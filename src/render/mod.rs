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
            let mut t = new_table(style);
            t.set_header(shown.iter().map(|&i| header_cell(cols.table[i].0, style)));
            for r in &rows {
                t.add_row(shown.iter().map(|&i| r[i].clone()));
            }
            for (pos, _) in shown.iter().enumerate().filter(|(_, &i)| i != cols.flex) {
                let i = pos;
                if let Some(c) = t.column_mut(i) {
                    c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
                }
            }
            if items.is_empty() {
                writeln!(out, "(none)")?;
            } else {
                write_table(out, t)?;
            }
        }
    }
    Ok(())
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
}
