//! Tables as an FM sees them: on a terminal they use its width (or
//! `COLUMNS`), wrap between words, align by display width and keep a
//! note's lines in its column; piped, a row is one line. Run on a real
//! pseudo-terminal.
#![cfg(unix)]

use crate::common::Ftc;
use expectrl::{Eof, Expect, Session};
use std::time::Duration;

/// Run `args` on a pseudo-terminal `columns` wide (and `COLUMNS` set to
/// `env_columns` when given); what it printed, lines ending in `\n`.
fn on_terminal(f: &Ftc, args: &[&str], columns: u16, env_columns: Option<&str>) -> String {
    let ftc = f.std_cmd();
    // The window is sized after the pty's process starts: a shell waits
    // until the terminal has its width, then becomes ftc (ftc could read
    // the width before it is set, on a busy machine).
    let mut c = std::process::Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "while [ \"$(stty size | cut -d' ' -f2)\" != {columns} ]; do sleep 0.01; done; exec \"$@\""
        ))
        .arg("sh")
        .arg(ftc.get_program())
        .args(args);
    if let Some(dir) = ftc.get_current_dir() {
        c.current_dir(dir);
    }
    for (k, v) in ftc.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.env("TERM", "xterm").env_remove("COLUMNS");
    if let Some(cols) = env_columns {
        c.env("COLUMNS", cols);
    }
    let mut s = Session::spawn(c).expect("spawn ftc on a pty");
    s.get_process_mut()
        .set_window_size(columns, 50)
        .expect("set the window size");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    let out = s.expect(Eof).expect("ftc ends");
    String::from_utf8_lossy(out.as_bytes())
        .replace("\r\n", "\n")
        .to_string()
}

fn display_width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// A database of tenants with long, short and wide (Japanese) customer names.
fn setup() -> Ftc {
    let f = Ftc::new();
    for (domain, customer, seats) in [
        ("adatum.onmicrosoft.com", "A. Datum Corporation", "13400"),
        (
            "consolidatedmessenger.onmicrosoft.com",
            "Consolidated Messenger Holdings International",
            "3900",
        ),
        (
            "fourthcoffeejp.onmicrosoft.com",
            "株式会社フォースコーヒー",
            "1200",
        ),
        ("contoso.onmicrosoft.com", "Contoso Ltd", "42000"),
    ] {
        f.add(domain, customer, &["--seats", seats, "--region", "emea"]);
    }
    f
}

#[test]
fn a_wide_terminal_shows_one_line_a_tenant_and_columns_align_by_display_width() {
    let f = setup();
    let text = on_terminal(&f, &["tenant", "list"], 160, None);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        2 + 4,
        "one line a tenant on 160 columns:\n{text}"
    );
    // Every row's region starts in the same display column, the Japanese
    // name's row included.
    let col = |l: &str| display_width(&l[..l.find("emea").unwrap()]);
    let first = col(lines[2]);
    for l in &lines[2..] {
        assert_eq!(col(l), first, "misaligned:\n{text}");
        assert!(display_width(l) <= 160);
    }
}

#[test]
fn a_narrow_terminal_wraps_between_words_inside_the_column() {
    let f = setup();
    let text = on_terminal(&f, &["tenant", "list"], 80, None);
    for l in text.lines() {
        assert!(display_width(l) <= 80, "wider than 80: {l:?}\n{text}");
    }
    // Whole words only: no line ends inside "Corporation" or "Consolidated".
    for word in ["Corporation", "Consolidated", "Messenger", "International"] {
        assert!(text.contains(word), "{word} cut:\n{text}");
    }
    assert!(!text.contains("Corporatio\n"), "{text}");
}

#[test]
fn columns_in_the_environment_win_over_the_terminal_size() {
    let f = setup();
    let text = on_terminal(&f, &["tenant", "list"], 160, Some("70"));
    assert!(text.lines().count() > 6, "wrapped to 70:\n{text}");
    for l in text.lines() {
        assert!(display_width(l) <= 70, "{l:?}\n{text}");
    }
}

#[test]
fn piped_a_row_is_one_line_however_long() {
    let f = setup();
    let text = f
        .cmd()
        .env("COLUMNS", "40")
        .args(["tenant", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 2 + 4, "{text}");
    assert!(text
        .lines()
        .any(|l| l.contains("Consolidated Messenger Holdings International")));
}

#[test]
fn a_notes_lines_stay_in_the_note_column() {
    let f = setup();
    f.ok(&[
        "note",
        "add",
        "contoso",
        "--scope",
        "Exchange Online mailboxes for all 40,000 users",
        "--risks",
        "on-premises archive retention rules still unknown",
        "--next-action",
        "workshop with the messaging team",
        "--text",
        "The customer is moving mail to Exchange Online by October because the on-premises servers are out of support.",
    ]);
    let text = on_terminal(&f, &["note", "list", "contoso"], 100, None);
    let lines: Vec<&str> = text.lines().collect();
    // The column the note starts in, on its first line.
    let first = lines
        .iter()
        .find(|l| l.contains("The customer"))
        .unwrap_or_else(|| panic!("{text}"));
    let at = display_width(&first[..first.find("The customer").unwrap()]);
    for key in ["scope:", "risks:", "next:"] {
        let line = lines
            .iter()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("no {key} in\n{text}"));
        assert_eq!(
            display_width(&line[..line.find(key).unwrap()]),
            at,
            "{key} outside the note column:\n{text}"
        );
    }
    for l in &lines {
        assert!(display_width(l) <= 100, "{l:?}\n{text}");
    }
}
