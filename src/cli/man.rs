//! `ftc man DIR`: a man page for every command.

use crate::error::{refused, Result};
use clap::{Args, CommandFactory};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages to (created if missing); existing pages are replaced
    #[arg(default_value = "man")]
    pub dir: PathBuf,
}

/// Write `ftc.1` and one page a subcommand (`ftc-tenant-add.1`, ...);
/// print each file written.
pub fn run(out: &mut dyn Write, a: ManArgs) -> Result<()> {
    std::fs::create_dir_all(&a.dir)
        .map_err(|e| refused(format!("cannot create {}: {e}", a.dir.display())))?;
    let mut cmd = super::Cli::command();
    cmd.build();
    write_pages(&cmd, "ftc", &a.dir, out)
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path, out: &mut dyn Write) -> Result<()> {
    let page = cmd.clone().name(name.to_string());
    let path = dir.join(format!("{name}.1"));
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    std::fs::write(&path, buf)
        .map_err(|e| refused(format!("cannot write {}: {e}", path.display())))?;
    writeln!(out, "{}", path.display())?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, out)?;
    }
    Ok(())
}
