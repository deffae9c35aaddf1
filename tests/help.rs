//! Help that reads like a tool's: a command's own options first, the global
//! ones under their own heading, every option explained, no references to
//! the spec's section numbers; man pages for every command.

use crate::common::Ftc;
use clap::CommandFactory;

/// Every command and subcommand, with its full name (`ftc tenant add`).
fn all_commands() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, name: String, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub, format!("{name} {}", sub.get_name()), out);
        }
        out.push((name, cmd.clone()));
    }
    let mut cmd = ftc::cli::Cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, "ftc".into(), &mut out);
    out
}

#[test]
fn own_options_come_first_and_the_global_ones_under_their_heading() {
    let f = Ftc::new();
    let help = f.ok(&["agenda", "--help"]);
    let own = help.find("--fm <NAME>").expect("agenda's own option");
    let heading = help
        .find("\nGlobal options:\n")
        .expect("a heading for the global options");
    let db = help.find("--db <PATH>").expect("the global --db");
    assert!(own < heading && heading < db, "{help}");
}

#[test]
fn every_option_and_argument_is_explained() {
    let mut missing = Vec::new();
    for (name, cmd) in all_commands() {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{name} {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "options without help: {missing:#?}");
}

#[test]
fn help_texts_do_not_cite_the_spec() {
    let cites = |text: &str| {
        text.contains("SPEC")
            || text.contains("rule 4")
            || text.as_bytes().windows(5).any(|w| {
                w[0] == b'('
                    && w[1].is_ascii_digit()
                    && w[2] == b'.'
                    && w[3].is_ascii_digit()
                    && w[4] == b')'
            })
    };
    for (name, mut cmd) in all_commands() {
        let help = cmd.render_long_help().to_string();
        assert!(!cites(&help), "{name} --help cites the spec:\n{help}");
    }
}

#[test]
fn man_writes_a_page_for_every_command() {
    let f = Ftc::new();
    let untouched = f.freeze();
    let listed = f.ok(&["man", "pages"]);
    let expected = all_commands().len();
    assert_eq!(listed.lines().count(), expected, "{listed}");
    for page in [
        "ftc.1",
        "ftc-tenant-import.1",
        "ftc-cadence-send.1",
        "ftc-agenda.1",
    ] {
        let text = std::fs::read_to_string(f.path(&format!("pages/{page}")))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{page}:\n{text}"
        );
    }
    let import = std::fs::read_to_string(f.path("pages/ftc-tenant-import.1")).unwrap();
    assert!(import.contains("skip\\-invalid"), "{import}");
    // It needs no database.
    untouched.assert_unchanged("ftc man (it needs no database)");
}
