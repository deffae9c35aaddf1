//! `ftc frp import FILE.csv`: the FRP list (`mpn,name,regions`), upserted by
//! MPN ID in one transaction. Strict like the tenant import: one bad row
//! refuses the file (exit 2, every bad line listed, nothing written).

use crate::cli::tenant::import::Rejected;
use crate::cli::Ctx;
use crate::domain::frp::{parse_header, Row};
use crate::error::{invalid, Code, Failure, Result};
use crate::render;
use crate::store::frps::{upsert_frp, Frp, Upsert};
use crate::store::history::record;
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV with a header row: mpn, name, regions (regions separated by `;` or
    /// spaces; empty: every region). `-` reads standard input.
    pub file: PathBuf,
    /// Also remove the FRPs that are not in the file (the file is the whole list)
    #[arg(long)]
    pub replace: bool,
    /// Check and count everything, write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub rejected: Vec<Rejected>,
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ImportArgs) -> Result<()> {
    let input: Box<dyn Read> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&a.file)
                .map_err(|e| invalid(format!("cannot read {}: {e}", a.file.display())))?,
        )
    };
    import_from(ctx, out, input, &a)
}

/// The line on which a record starts: the csv crate's own line numbers
/// count from the end of the previous record, so they miss blank lines and
/// are one short after CRLF line ends. `from` is the byte where the previous
/// record ended; empty lines are skipped, as the parser skips them.
fn start_line(data: &[u8], from: usize) -> u64 {
    let mut start = from.min(data.len());
    while start < data.len() && (data[start] == b'\r' || data[start] == b'\n') {
        start += 1;
    }
    1 + data[..start].iter().filter(|&&b| b == b'\n').count() as u64
}

/// Read and check every row: the valid ones, and the bad ones by line.
/// The whole file is read first: FRP lists are short, and it gives exact
/// line numbers.
fn read_rows(name: &str, mut input: Box<dyn Read>) -> Result<(Vec<Row>, Vec<Rejected>)> {
    let mut data = Vec::new();
    input
        .read_to_end(&mut data)
        .map_err(|e| invalid(format!("cannot read {name}: {e}")))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&data[..]);
    let mut rec = csv::ByteRecord::new();
    let failure = |e: csv::Error| match e.position() {
        Some(p) => invalid(format!(
            "{name}, line {}: {e}",
            start_line(&data, p.byte() as usize)
        )),
        None => invalid(format!("{name}: {e}")),
    };
    if !rdr.read_byte_record(&mut rec).map_err(failure)? {
        return Err(invalid(format!(
            "{name} is empty: it needs the header row mpn,name,regions"
        ))
        .into());
    }
    let head: Vec<String> = rec
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let header = parse_header(&head_refs)
        .map_err(|e| invalid(format!("{name}, line {}: {e}", start_line(&data, 0))))?;

    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    loop {
        let from = rdr.position().byte() as usize;
        let line = start_line(&data, from);
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => return Err(failure(e).into()),
            Err(e) => {
                rejected.push(Rejected {
                    line,
                    error: format!("unreadable CSV: {e}"),
                });
                continue;
            }
        }
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        let fields: Vec<Option<&str>> = rec.iter().map(|f| std::str::from_utf8(f).ok()).collect();
        match header.parse_row(&fields) {
            Ok(row) => match seen.get(&row.mpn) {
                Some(first) => rejected.push(Rejected {
                    line,
                    error: format!("mpn {} repeats line {first}", row.mpn),
                }),
                None => {
                    seen.insert(row.mpn.clone(), line);
                    rows.push(row);
                }
            },
            Err(error) => rejected.push(Rejected { line, error }),
        }
    }
    Ok((rows, rejected))
}

/// Import an FRP list from any reader (the demo feeds its fixture here).
pub fn import_from(
    ctx: &Ctx,
    out: &mut dyn Write,
    input: Box<dyn Read>,
    a: &ImportArgs,
) -> Result<()> {
    let name = a.file.display().to_string();
    let (rows, rejected) = read_rows(&name, input)?;
    let mut sum = Summary {
        dry_run: a.dry_run,
        ..Default::default()
    };
    if !rejected.is_empty() {
        sum.rejected = rejected;
        if !ctx.is_table() {
            render::one(out, ctx.style, &sum)?;
        }
        let listed: Vec<String> = sum
            .rejected
            .iter()
            .take(50)
            .map(|r| format!("  line {}: {}", r.line, r.error))
            .collect();
        let n = sum.rejected.len();
        let mut msg = format!(
            "{name} has {n} invalid row{}; nothing was imported\n{}",
            if n == 1 { "" } else { "s" },
            listed.join("\n")
        );
        if n > 50 {
            msg.push_str(&format!("\n  ... and {} more (see --format json)", n - 50));
        }
        return Err(Failure {
            code: Code::Invalid,
            message: msg,
            hint: None,
        }
        .with_hint("fix those rows and import the file again")
        .into());
    }

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    for row in &rows {
        let f = Frp {
            mpn: row.mpn.clone(),
            name: row.name.clone(),
            regions: row.regions.clone(),
        };
        match upsert_frp(&tx, &f)? {
            Upsert::Inserted => sum.inserted += 1,
            Upsert::Updated => sum.updated += 1,
            Upsert::Unchanged => sum.unchanged += 1,
        }
    }
    if a.replace {
        let keep: Vec<&str> = rows.iter().map(|r| r.mpn.as_str()).collect();
        let mut gone = 0;
        for f in crate::store::frps::list_frps(&tx)? {
            if !keep.contains(&f.mpn.as_str()) {
                crate::store::frps::delete_frp(&tx, &f.mpn)?;
                gone += 1;
            }
        }
        sum.removed = gone;
    }
    let what = format!(
        "{name}: {} inserted, {} updated, {} unchanged{}",
        sum.inserted,
        sum.updated,
        sum.unchanged,
        if a.replace {
            format!(", {} removed", sum.removed)
        } else {
            String::new()
        }
    );
    if a.dry_run {
        tx.rollback()?;
        ctx.say(&format!("dry run, nothing was written: {what}"));
    } else if sum.inserted + sum.updated + sum.removed > 0 {
        record(&tx, &ctx.stamp(), None, "frp.import", &what)?;
        tx.commit()?;
        ctx.say(&format!("FRP list {what}"));
    } else {
        drop(tx);
        ctx.say(&format!("FRP list {what}: nothing changed"));
    }
    render::one(out, ctx.style, &sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        let (_, rejected) =
            read_rows("t.csv", Box::new(std::io::Cursor::new(text.to_string()))).unwrap();
        rejected.iter().map(|r| r.line).collect()
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        assert_eq!(lines("mpn,name\nx,A\n\n\ny,B\n"), [2, 5]);
        assert_eq!(lines("mpn,name\r\nx,A\r\n\r\ny,B\r\n"), [2, 4]);
        // A name on two lines is refused where its record starts.
        assert_eq!(lines("\nmpn,name\n1,\"multi\nline\"\nz,C"), [3, 5]);
    }
}
