//! SPEC 2 and 5: no input ever causes a panic. Property tests over every
//! parser of what users type or feed (the commerce feed's header and rows,
//! dates, GUIDs, domains, e-mails, regions, seats, TPIDs, `--row`,
//! workloads, and the other CSV, ICS, TOML and free-text readers), with
//! round trips where a value has a canonical form; then random bytes fed
//! to the real binary as a feed: exit 2 (or 0 when valid), never a panic,
//! and nothing written when it is 2.

use crate::common::Ftc;
use chrono::{Datelike, NaiveDate};
use ftc::domain::feed::{check_name, parse_header, REQUIRED};
use ftc::domain::values::{
    looks_like_guid, parse_date, parse_domain, parse_email, parse_guid, parse_region, parse_seats,
    parse_tpid, parse_yes_no, Region,
};
use ftc::domain::{calendar, contact, frp, lint, names, status};
use ftc::reference::workloads;
use proptest::prelude::*;
use std::path::Path;

/// Strings that come near the parsers' edges: ASCII punctuation, digits,
/// hex, separators, whitespace and control characters, multi-byte and
/// combining characters, a BOM.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \\t0-9a-fA-F{}@.,;:|=_+eE/\\\\'\"-]{0,48}",
        "[\\u{0}-\\u{1f}\\u{7f}\\u{a0}\\u{feff}\\u{200b}\\u{301}é€😀ß İ\\-.@|=0-9a-z]{0,24}",
    ]
}

/// A DNS label: letters, digits, inner hyphens.
fn label() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?"
}

/// A valid domain (the top-level label has a letter).
fn domain() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..4),
        "[a-zA-Z][a-zA-Z0-9]{1,8}",
    )
        .prop_map(|(mut labels, top)| {
            labels.push(top);
            labels.join(".")
        })
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1000i32..=9999, 1u32..=366).prop_filter_map("a real day of the year", |(y, d)| {
        NaiveDate::from_yo_opt(y, d)
    })
}

/// A status name as users type it: no `|`, `=` or `@`, no space at the ends.
fn status_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 &/().,'-]{0,20}[A-Za-z0-9)]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    // ------------------------------------------------------- values.rs

    #[test]
    fn value_parsers_never_panic(s in nasty()) {
        let _ = parse_date(&s);
        let _ = parse_region(&s);
        let _ = parse_seats(&s);
        let _ = parse_tpid(&s);
        let _ = parse_yes_no(&s);
        let _ = looks_like_guid(&s);
        if let Ok(g) = parse_guid(&s) {
            prop_assert_eq!(g.len(), 36);
            prop_assert_eq!(parse_guid(&g), Ok(g.clone()));
        }
        if let Ok(d) = parse_domain(&s) {
            prop_assert_eq!(parse_domain(&d), Ok(d.clone()), "normalised once");
            prop_assert!(d.len() <= 253 && d.is_ascii());
        }
        if let Ok(e) = parse_email(&s) {
            prop_assert_eq!(parse_email(&e), Ok(e.clone()), "normalised once");
        }
    }

    #[test]
    fn a_formatted_date_parses_back(d in date()) {
        prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Ok(d));
        prop_assert_eq!(parse_date(&format!(" {} ", d)), Ok(d));
        // Other shapes are refused, not guessed.
        let us = format!("{:02}/{:02}/{}", d.month(), d.day(), d.year());
        prop_assert!(parse_date(&us).is_err());
    }

    #[test]
    fn a_date_of_the_right_shape_is_a_date_or_an_error(y in 0u32..10000, m in 0u32..100, d in 0u32..100) {
        let s = format!("{y:04}-{m:02}-{d:02}");
        let want = NaiveDate::from_ymd_opt(y as i32, m, d);
        prop_assert_eq!(parse_date(&s).ok(), want);
    }

    #[test]
    fn a_guid_parses_back_lowercase(n in any::<u128>(), upper in any::<bool>(), braces in any::<bool>()) {
        let h = format!("{n:032x}");
        let canon = format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]);
        let mut typed = if upper { canon.to_uppercase() } else { canon.clone() };
        if braces {
            typed = format!("{{{typed}}}");
        }
        prop_assert_eq!(parse_guid(&typed), Ok(canon));
        prop_assert!(parse_guid(&h).is_err(), "no hyphens: refused");
    }

    #[test]
    fn a_domain_parses_back_lowercase(d in domain()) {
        let want = d.to_ascii_lowercase();
        if want.len() <= 253 {
            prop_assert_eq!(parse_domain(&d), Ok(want.clone()));
            prop_assert_eq!(parse_domain(&format!("{d}.")), Ok(want.clone()));
            prop_assert_eq!(
                parse_email(&format!("Ann.Lee@{d}")),
                Ok(format!("Ann.Lee@{want}"))
            );
        }
    }

    #[test]
    fn numbers_parse_back(n in 0i64..=i64::MAX, neg in i64::MIN..0) {
        prop_assert_eq!(parse_seats(&n.to_string()), Ok(n));
        prop_assert!(parse_seats(&neg.to_string()).is_err());
        prop_assert!(parse_tpid(&neg.to_string()).is_err());
        if n > 0 {
            prop_assert_eq!(parse_tpid(&format!(" {n} ")), Ok(n));
        }
        // Excel's ways of showing a number are refused, not misread.
        let (decimal, exponent) = (format!("{n}.5"), format!("{}E+03", n % 10));
        prop_assert!(parse_seats(&decimal).is_err());
        prop_assert!(parse_seats(&exponent).is_err());
    }

    #[test]
    fn regions_parse_back_in_any_case(i in 0usize..3, upper in any::<bool>()) {
        let r = Region::ALL[i];
        for s in [r.as_str(), r.queue_name()] {
            let s = if upper { s.to_uppercase() } else { s.to_lowercase() };
            prop_assert_eq!(parse_region(&s), Ok(r));
        }
    }

    // ------------------------------------------------------ the feed

    #[test]
    fn feed_header_and_rows_never_panic(
        header in prop::collection::vec(nasty(), 0..10),
        rows in prop::collection::vec(prop::collection::vec(prop::option::of(nasty()), 0..10), 0..5),
    ) {
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let Ok(h) = parse_header(&names) else { return Ok(()) };
        for row in &rows {
            let fields: Vec<Option<&str>> = row.iter().map(Option::as_deref).collect();
            if let Ok(r) = h.parse_row(&fields) {
                prop_assert_eq!(parse_guid(&r.tenant_id), Ok(r.tenant_id.clone()));
                prop_assert_eq!(parse_domain(&r.domain), Ok(r.domain.clone()));
                prop_assert_eq!(check_name(&r.customer), Ok(r.customer.clone()));
                prop_assert!(r.tpid > 0 && r.seats >= 0);
            }
        }
    }

    #[test]
    fn a_valid_row_in_any_column_order_parses_back(
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        upper in prop::collection::vec(any::<bool>(), 8),
        n in any::<u128>(),
        dom in domain(),
        customer in "[A-Za-z][A-Za-z0-9 ,.&'-]{0,40}[a-z]",
        tpid in 1i64..=i64::MAX,
        region in 0usize..3,
        seats in 0i64..10_000_000,
        managed in prop::option::of(any::<bool>()),
    ) {
        prop_assume!(dom.len() <= 253);
        let all = [REQUIRED[0], REQUIRED[1], REQUIRED[2], REQUIRED[3], REQUIRED[4], REQUIRED[5], "managed", "notes"];
        let names: Vec<String> = order
            .iter()
            .map(|&i| if upper[i] { all[i].to_uppercase() } else { all[i].to_string() })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let h = parse_header(&refs).expect("a good header");
        let h32 = format!("{n:032x}");
        let guid = format!("{}-{}-{}-{}-{}", &h32[..8], &h32[8..12], &h32[12..16], &h32[16..20], &h32[20..]);
        let region_s = Region::ALL[region].as_str().to_string();
        let values = [
            guid.to_uppercase(),
            dom.clone(),
            format!(" {customer} "),
            tpid.to_string(),
            region_s,
            seats.to_string(),
            managed.map_or(String::new(), |m| if m { "yes".into() } else { "N".into() }),
            "anything, at all".to_string(),
        ];
        let fields: Vec<Option<&str>> = order.iter().map(|&i| Some(values[i].as_str())).collect();
        let r = h.parse_row(&fields).expect("a good row");
        prop_assert_eq!(r.tenant_id, guid);
        prop_assert_eq!(r.domain, dom.to_ascii_lowercase());
        prop_assert_eq!(r.customer, customer);
        prop_assert_eq!(r.tpid, tpid);
        prop_assert_eq!(r.region, Region::ALL[region]);
        prop_assert_eq!(r.seats, seats);
        prop_assert_eq!(r.managed, managed);
    }

    // ------------------------------------------------- status --row

    #[test]
    fn status_rows_never_panic(s in nasty(), total in any::<u32>()) {
        let r = ftc::reference::get();
        let _ = status::parse_count(&s);
        if let Ok(row) = status::parse_row(&s) {
            prop_assert!(!row.l1.is_empty());
            let _ = status::find_l1(r, &row.l1);
            let _ = status::l2_values(r, &row.l1, "teams");
            let _ = status::l3_values(r, &row.l1, row.l2.as_deref().unwrap_or(""), "teams");
            let _ = status::check_split(r, "teams", total, &[row.clone(), row]);
        }
    }

    #[test]
    fn a_formatted_row_parses_back(
        l1 in status_name(),
        l2 in prop::option::of(status_name()),
        l3 in prop::option::of(status_name()),
        count in any::<u32>(),
        target in prop::option::of(date()),
    ) {
        // An L3 needs an L2 before it.
        let l3 = l2.as_ref().and(l3);
        let mut text = l1.clone();
        for part in [&l2, &l3].into_iter().flatten() {
            text.push_str(" | ");
            text.push_str(part);
        }
        text.push_str(&format!("={count}"));
        if let Some(d) = target {
            text.push_str(&format!("@{d}"));
        }
        let row = status::parse_row(&text).expect("a well-formed row");
        prop_assert_eq!(row.l1, l1);
        prop_assert_eq!(row.l2, l2);
        prop_assert_eq!(row.l3, l3);
        prop_assert_eq!(row.count, count);
        prop_assert_eq!(row.target, target);
        prop_assert_eq!(status::parse_count(&count.to_string()), Ok(count));
    }

    // ----------------------------------------------------- workloads

    #[test]
    fn workloads_never_panic(s in nasty()) {
        match workloads::resolve(&s) {
            Ok(w) => prop_assert_eq!(workloads::find(&s).map(|x| &x.slug), Some(&w.slug)),
            Err(e) => prop_assert!(e.contains("closest"), "{}", e),
        }
        let _ = workloads::parse_list(&s);
    }

    #[test]
    fn every_workload_name_resolves_to_itself(i in any::<prop::sample::Index>(), upper in any::<bool>()) {
        let all = workloads::builtin();
        let w = &all[i.index(all.len())];
        for name in std::iter::once(&w.slug).chain(std::iter::once(&w.name)).chain(&w.aliases) {
            let typed = if upper { name.to_uppercase() } else { name.to_lowercase() };
            prop_assert_eq!(&workloads::resolve(&format!("  {typed} ")).unwrap().slug, &w.slug);
        }
    }

    // ------------------------------------- the other readers of input

    #[test]
    fn other_parsers_never_panic(s in nasty(), t in nasty(), cells in prop::collection::vec(prop::option::of(nasty()), 0..5)) {
        let _ = check_name(&s);
        let _ = contact::parse_mpn(&s);
        let _ = contact::parse_name(&s);
        let _ = s.parse::<contact::ContactKind>();
        let _ = s.parse::<contact::Role>();
        let _ = s.parse::<ftc::domain::cadence::Party>();
        let _ = s.parse::<ftc::domain::cadence::Via>();
        let _ = s.parse::<ftc::domain::dibs::Intent>();
        let _ = s.parse::<ftc::domain::dibs::Source>();
        let _ = s.parse::<ftc::domain::tenant::Source>();
        let _ = ftc::domain::fta::RequestType::parse(&s);
        let _ = ftc::domain::assignment::AssignOption::parse(&s);
        let _ = calendar::parse_weekday(&s);
        let _ = calendar::parse_ics(&s);
        let _ = frp::parse_regions(&s);
        if let Ok(h) = frp::parse_header(&[s.as_str(), t.as_str(), "mpn", "name"]) {
            let fields: Vec<Option<&str>> = cells.iter().map(Option::as_deref).collect();
            let _ = h.parse_row(&fields);
        }
        let _ = lint::check(&s, &[lint::OtherNote { workload: "teams", text: &t }], false);
        let _ = lint::check(&s, &[], true);
        let (a, b) = (names::NameKeys::of(&s), names::NameKeys::of(&t));
        let w = names::Weights::count([&a, &b]);
        let _ = names::compare(&a, &b, 0.9, &w);
        let _ = names::similarity(&a.norm, &b.norm);
        let _ = ftc::config::Config::parse(&s, Path::new("config.toml"));
    }

    #[test]
    fn ics_lines_never_panic(lines in prop::collection::vec(
        prop_oneof![
            Just("BEGIN:VEVENT".to_string()),
            Just("END:VEVENT".to_string()),
            Just("BEGIN:VCALENDAR".to_string()),
            Just("END:VCALENDAR".to_string()),
            "DTSTART(;VALUE=DATE)?:[0-9]{0,9}(T[0-9]{0,7}Z?)?",
            "DTEND(;VALUE=DATE)?:[0-9]{0,9}",
            "RRULE:FREQ=(YEARLY|WEEKLY|DAILY|MONTHLY)(;COUNT=[0-9]{0,3})?(;UNTIL=[0-9]{0,8})?(;INTERVAL=[0-9]{0,3})?",
            "UID:[a-z]{0,3}",
            "RECURRENCE-ID(;VALUE=DATE)?:[0-9]{0,8}",
            "EXDATE(;VALUE=DATE)?:[0-9,]{0,20}",
            " [A-Z:;=0-9]{0,10}",
            nasty(),
        ],
        0..16,
    )) {
        let _ = calendar::parse_ics(&lines.join("\r\n"));
    }
}

// ------------------------------------------------ the binary, fed bytes

/// A small valid feed (a BOM, CRLF, a blank line, quoted commas and a
/// quoted line break); mutated below into every kind of broken one.
const GOOD: &str = "\u{feff}Tenant_ID,domain,customer,tpid,region,seats,managed,country,notes\r\n\
1b2c3d4e-0000-4000-8000-00000000abcd,northwind.onmicrosoft.com,\"Northwind, Ltd\",42,amer,500,yes,Peru,\r\n\
\r\n\
2b2c3d4e-0000-4000-8000-00000000abcd,fabrikam.onmicrosoft.com,Fabrikam,43,emea,1_500,,,\"two\r\nlines\"\r\n\
3b2c3d4e-0000-4000-8000-00000000abcd,tailspin.onmicrosoft.com,Tailspin,44,apj,0,no,Japan,\r\n";

/// Bytes that break CSV and UTF-8 in interesting ways.
const SPICE: &[u8] = b",\"\n\r \t;|x0-\xff\xfe\xc3\xa9\x00\xef\xbb\xbf";

/// A feed: random bytes, or the good feed with a few random edits.
fn feed_bytes() -> impl Strategy<Value = Vec<u8>> {
    let edit = (
        any::<prop::sample::Index>(),
        0u8..3,
        prop::sample::select(SPICE),
    );
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => prop::collection::vec(prop::sample::select(SPICE), 0..200),
        4 => prop::collection::vec(edit, 1..6).prop_map(|edits| {
            let mut b = GOOD.as_bytes().to_vec();
            for (at, kind, byte) in edits {
                if b.is_empty() {
                    b.push(byte);
                    continue;
                }
                let i = at.index(b.len());
                match kind {
                    0 => b.insert(i, byte),
                    1 => b[i] = byte,
                    _ => {
                        b.remove(i);
                    }
                }
            }
            b
        }),
    ]
}

#[test]
fn random_feeds_exit_0_or_2_never_panic_and_refusals_write_nothing() {
    let f = Ftc::new();
    // A database with a tenant, so a feed may collide with it.
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--seats", "700"],
    );
    // What changes when another process commits: the file's data version,
    // or every row of the server's database.
    let observer = (!crate::common::on_server()).then(|| {
        rusqlite::Connection::open_with_flags(f.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
    });
    let data_version = || -> String {
        match &observer {
            Some(o) => o
                .query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))
                .unwrap()
                .to_string(),
            None => f.server_dump().unwrap(),
        }
    };
    let file = f.path("feed.csv");
    let started = std::time::Instant::now();
    // Exit 0 strict, exit 0 with --skip-invalid, exit 2.
    let seen: [std::cell::Cell<u32>; 3] = Default::default();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&(feed_bytes(), any::<bool>()), |(bytes, skip)| {
            std::fs::write(&file, &bytes).unwrap();
            let before = data_version();
            let mut args = vec!["tenant", "import", "feed.csv", "--json"];
            if skip {
                args.push("--skip-invalid");
            }
            let out = f.cmd().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            prop_assert!(
                code == Some(0) || code == Some(2),
                "exit {:?} for {:?}\n{}",
                code,
                String::from_utf8_lossy(&bytes),
                stderr
            );
            prop_assert!(!stderr.contains("panicked"), "{}", stderr);
            if code == Some(2) {
                seen[2].set(seen[2].get() + 1);
                prop_assert!(stderr.starts_with("error: "), "{}", stderr);
                prop_assert!(
                    stderr.contains(", line ")
                        || stderr.contains("  line ")
                        || stderr.contains("is empty"),
                    "names a line: {}",
                    stderr
                );
                prop_assert!(!stderr.contains("line 0"), "lines count from 1: {}", stderr);
                prop_assert_eq!(data_version(), before, "exit 2 but the database changed");
            } else {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                    .map_err(|e| TestCaseError::fail(format!("summary not JSON: {e}")))?;
                prop_assert!(v["inserted"].is_u64(), "{}", v);
                let i = usize::from(skip);
                seen[i].set(seen[i].get() + 1);
                for r in v["rejected"].as_array().into_iter().flatten() {
                    prop_assert!(
                        r["line"].as_u64() > Some(1),
                        "a rejected line after the header: {}",
                        r
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "300 random feeds in {:.1?}: {} imported whole, {} with --skip-invalid, {} refused (exit 2)",
        started.elapsed(),
        seen[0].get(),
        seen[1].get(),
        seen[2].get()
    );
    assert!(
        seen[2].get() > 0 && seen[0].get() + seen[1].get() > 0,
        "both outcomes seen"
    );
}
