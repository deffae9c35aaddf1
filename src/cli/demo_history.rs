//! The demo's weeks of engagement history: for each tenant a short script of
//! sends, replies, declines and pauses, each run as the real command on the
//! day it happens (relative to today), so the agenda shows overdue, due-today
//! and upcoming items.

use super::cadence::Current;
use super::{Cli, Ctx};
use crate::domain::cadence::Party;
use crate::error::Result;
use crate::store::tenants::{list_tenants, resolve_tenant, TenantFilter};
use crate::store::Store;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use clap::Parser;

/// One step of a tenant's script. Delays are calendar days: a send after
/// the step falls due, a reply or decline after the last send; a pause
/// starts that many days before today and lasts `days`.
#[derive(Clone, Copy)]
enum Step {
    Send(Party, u64),
    Reply(Party, u64),
    Decline(Party, u64),
    Pause { ago: u64, days: u64 },
}

use Step::*;

const AT: Party = Party::AccountTeam;
const PARTNER: Party = Party::Partner;
const CUSTOMER: Party = Party::Customer;

/// The tenants with contacts tell a story each.
const SCRIPTS: &[(&str, &[Step])] = &[
    (
        "contoso",
        &[
            Send(AT, 1),
            Reply(AT, 1),
            Send(CUSTOMER, 0),
            Reply(CUSTOMER, 3),
        ],
    ),
    (
        "fabrikam",
        &[
            Send(AT, 1),
            Send(AT, 0),
            Send(PARTNER, 0),
            Reply(PARTNER, 2),
            Send(CUSTOMER, 0),
            Send(CUSTOMER, 0),
        ],
    ),
    ("woodgrovebank", &[Send(AT, 25)]),
    ("adventureworks", &[Send(AT, 18)]),
    (
        "alpineskihouse",
        &[
            Send(AT, 2),
            Reply(AT, 1),
            Send(CUSTOMER, 0),
            Decline(CUSTOMER, 2),
        ],
    ),
    (
        "lamnahealthcare",
        &[Send(AT, 3), Reply(AT, 2), Pause { ago: 2, days: 7 }],
    ),
    ("treyresearch", &[Send(AT, 5), Reply(AT, 1)]),
    (
        "bavariamotors",
        &[Send(AT, 9), Send(AT, 0), Send(CUSTOMER, 0)],
    ),
    ("proseware", &[Send(AT, 10), Reply(AT, 2), Send(PARTNER, 0)]),
    (
        "wideworldimporters",
        &[
            Send(AT, 4),
            Reply(AT, 0),
            Send(PARTNER, 0),
            Reply(PARTNER, 1),
            Send(CUSTOMER, 0),
            Reply(CUSTOMER, 2),
        ],
    ),
    (
        "northwindtraders",
        &[Send(AT, 6), Send(AT, 0), Send(CUSTOMER, 0)],
    ),
    ("blueyonderairlines", &[Send(AT, 26)]),
    ("citypowerlight", &[Send(AT, 15)]),
    ("humongousinsurance", &[Send(AT, 22)]),
    ("litware", &[Send(AT, 12), Send(AT, 0)]),
    ("sakuralogistics", &[Send(AT, 24)]),
];

pub fn build(demo: &Ctx, today: NaiveDate) -> Result<()> {
    for (tenant, script) in SCRIPTS {
        run_script(demo, today, tenant, script)?;
    }
    service_record(demo, today)?;
    // The other eligible tenants: a first account-team e-mail, spread over
    // the last weeks, so their meetings fall due on different days.
    let store = Store::open(&demo.db_path)?;
    let all = list_tenants(&store.conn, &TenantFilter::default())?;
    drop(store);
    let scripted: Vec<String> = SCRIPTS
        .iter()
        .map(|(t, _)| format!("{t}.onmicrosoft.com"))
        .collect();
    for (i, t) in all.iter().enumerate() {
        if scripted.contains(&t.domain) || t.goback_on.is_some() || t.duplicate_invalid {
            continue;
        }
        if !crate::domain::tenant::is_eligible(t.source, t.seats, demo.config.eligibility.min_seats)
        {
            continue;
        }
        let delay = (i as u64 * 5) % 26;
        run_script(demo, today, &t.domain, &[Send(AT, delay)])?;
    }
    Ok(())
}

fn run_script(demo: &Ctx, today: NaiveDate, tenant: &str, script: &[Step]) -> Result<()> {
    let mut last_send: Option<NaiveDate> = None;
    for step in script {
        let (args, on): (Vec<String>, NaiveDate) = match *step {
            Send(party, delay) => {
                let store = Store::open(&demo.db_path)?;
                let t = resolve_tenant(&store.conn, tenant)?;
                let cur = Current::load(store.db(), demo, t)?;
                let Some(next) = cur.standing.contact().map(|c| c.step.clone()) else {
                    return Ok(());
                };
                let on = weekday_on_or_after(
                    next.due_on
                        .checked_add_days(Days::new(delay))
                        .unwrap_or(next.due_on),
                );
                last_send = Some(on);
                (
                    vec![
                        "cadence".into(),
                        "send".into(),
                        tenant.into(),
                        "--party".into(),
                        party.as_str().into(),
                    ],
                    on,
                )
            }
            Reply(party, delay) | Decline(party, delay) => {
                let from = last_send.unwrap_or(today);
                let on =
                    weekday_on_or_after(from.checked_add_days(Days::new(delay)).unwrap_or(from));
                let mut a: Vec<String> = vec![
                    "cadence".into(),
                    "reply".into(),
                    tenant.into(),
                    "--party".into(),
                    party.as_str().into(),
                ];
                if matches!(step, Decline(..)) {
                    a.push("--declined".into());
                }
                (a, on)
            }
            Pause { ago, days } => {
                let on = today.checked_sub_days(Days::new(ago)).unwrap_or(today);
                let until = on.checked_add_days(Days::new(days - 1)).unwrap_or(on);
                (
                    vec![
                        "cadence".into(),
                        "pause".into(),
                        tenant.into(),
                        "--until".into(),
                        until.to_string(),
                        "--requested-by".into(),
                        "customer".into(),
                        "--reason".into(),
                        "quarter-end change freeze".into(),
                    ],
                    on,
                )
            }
        };
        if on > today {
            return Ok(()); // the rest of the story has not happened yet
        }
        let mut c = demo.clone();
        c.today = on;
        c.actor = fm_of(demo, tenant)?;
        let mut argv = vec!["ftc".to_string()];
        argv.extend(args);
        let cli = Cli::try_parse_from(argv)?;
        super::run_command(&c, &mut std::io::sink(), cli.command)?;
    }
    Ok(())
}

fn fm_of(demo: &Ctx, tenant: &str) -> Result<String> {
    let store = Store::open(&demo.db_path)?;
    Ok(resolve_tenant(&store.conn, tenant)?
        .fm
        .unwrap_or_else(|| "alice".into()))
}

/// People do not send e-mail at weekends in the demo.
fn weekday_on_or_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d.checked_add_days(Days::new(2)).unwrap_or(d),
        Weekday::Sun => d.checked_add_days(Days::new(1)).unwrap_or(d),
        _ => d,
    }
}

/// What the FMs captured once parties answered: DIBS, service status,
/// intent notes and status notes with next actions (one overdue, one due
/// this week).
fn service_record(demo: &Ctx, today: NaiveDate) -> Result<()> {
    let day = |n: i64| -> String {
        let d = if n >= 0 {
            today.checked_add_days(Days::new(n as u64))
        } else {
            today.checked_sub_days(Days::new(n.unsigned_abs()))
        };
        d.unwrap_or(today).to_string()
    };
    let steps: Vec<(&str, i64, Vec<String>)> = vec![
        ("contoso", -20, args(&["dibs", "record", "contoso", "--workload", "exchange", "--source", "customer",
            "--go-live", &day(60), "--intent", "yes", "--reason", "Increase Security", "--owner", "Grace Holloway",
            "--start", &day(14)])),
        ("contoso", -20, args(&["dibs", "record", "contoso", "--workload", "teams", "--source", "customer",
            "--go-live", &day(90), "--intent", "undecided"])),
        ("contoso", -19, args(&["status", "set", "contoso", "--workload", "exchange", "--total", "42000",
            "--row", &format!("In Progress=30000@{}", day(60)),
            "--row", "Status Unknown|New Subscription or Workload=12000"])),
        ("contoso", -19, args(&["note", "intent", "contoso", "--workload", "exchange", "--text",
            "The customer plans to move every mailbox to Exchange Online by spring because the on-premises servers reach end of support."])),
        ("contoso", -6, args(&["note", "add", "contoso", "--kind", "technical", "--text",
            "Hybrid configuration done; twelve pilot mailboxes moved without issues.",
            "--next-action", "Agree the migration batches with Grace", "--next-date", &day(3), "--next-owner", "alice"])),
        ("wideworldimporters", -10, args(&["dibs", "record", "wideworldimporters", "--workload", "teams", "--source", "partner",
            "--go-live", &day(45), "--intent", "yes", "--reason", "Work from Anywhere", "--owner", "Kenji Sato"])),
        ("wideworldimporters", -10, args(&["note", "intent", "wideworldimporters", "--workload", "teams", "--text",
            "The customer will deploy Teams to all staff so that branch offices can collaborate without travel."])),
        ("alpineskihouse", -12, args(&["note", "add", "alpineskihouse", "--text",
            "The customer declined FastTrack help: its own IT team runs the rollout."])),
        ("fabrikam", -8, args(&["dibs", "record", "fabrikam", "--workload", "sharepoint", "--source", "account-team",
            "--go-live", &day(120), "--intent", "yes"])),
        ("fabrikam", -8, args(&["note", "add", "fabrikam", "--text", "Account team expects a decision after the budget review.",
            "--next-action", "Ask the account team for the budget outcome", "--next-date", &day(-2), "--next-owner", "alice"])),
        // Decisions: assignments by the rules, architects and FTA requests
        // (one left waiting for an architect), triaged feedback.
        ("contoso", -5, args(&["assign", "contoso", "--to", "FTCQ CSS team"])),
        ("wideworldimporters", -5, args(&["assign", "wideworldimporters"])),
        ("alpineskihouse", -4, args(&["assign", "alpineskihouse"])),
        ("", -6, args(&["architect", "add", "Ines Duarte", "--capacity", "3", "--region", "emea"])),
        ("", -6, args(&["architect", "add", "Raj Patel", "--region", "americas", "--region", "apj"])),
        ("bavariamotors", -4, args(&["fta", "request", "--type", "ecif-dwr", "--requester", "sven.berg@microsoft.example.com",
            "--tenant", "bavariamotors", "--attach", "sow", "--attach", "staffing-plan", "--attach", "cost-breakdown"])),
        ("contoso", -3, args(&["fta", "request", "--type", "migration-exception", "--requester", "dana.whitfield@microsoft.example.com",
            "--tenant", "contoso", "--mailboxes", "12000", "--source-env", "Exchange 2013",
            "--justification", "Public folders need a staged migration"])),
        ("", -2, args(&["fta", "request", "--type", "land-benefit", "--requester", "mei.lin@microsoft.example.com",
            "--region", "apj"])),
        ("", -2, args(&["fta", "assign", "1"])),
        ("contoso", -9, args(&["triage", "--summary", "Admin center shows an error when assigning licenses in bulk",
            "--broken", "--tenant", "contoso", "--workload", "exchange"])),
        ("fabrikam", -7, args(&["triage", "--summary", "The migration tool cannot move public folders, which blocks the move",
            "--blocks-deployment", "--tenant", "fabrikam", "--workload", "exchange"])),
        ("contoso", -3, args(&["triage", "plus-one", "2", "--tenant", "contoso"])),
        ("", -1, args(&["triage", "--summary", "Dark mode for the Teams admin center", "--product-wish"])),
        ("", -1, args(&["triage", "--summary", "The FTOP wizard hangs on the tenant page", "--ftc-process",
            "--category", "ftop-tools"])),
    ];
    for (tenant, offset, argv) in steps {
        let on = today
            .checked_sub_days(Days::new(offset.unsigned_abs()))
            .unwrap_or(today);
        let mut c = demo.clone();
        c.today = on;
        c.actor = if tenant.is_empty() {
            "alice".to_string()
        } else {
            fm_of(demo, tenant)?
        };
        let mut all = vec!["ftc".to_string()];
        all.extend(argv);
        let cli = Cli::try_parse_from(all)?;
        super::run_command(&c, &mut std::io::sink(), cli.command)?;
    }
    Ok(())
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}
