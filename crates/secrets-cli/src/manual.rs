//! `secrets completions SHELL` and `secrets man [SUBCOMMAND]`: generated
//! from the clap tree, so they list exactly the flags and (through
//! `--backend`'s possible values) the backends of this build.

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::CliError;
use crate::text::TextOut;

/// Runs `secrets completions SHELL`: the script on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "secrets", &mut script);
    let mut out = TextOut::new()?;
    out.write(&script)?;
    out.finish()
}

/// Runs `secrets man [SUBCOMMAND]`: the roff page on stdout, `secrets(1)` or
/// `secrets-SUBCOMMAND(1)`.
pub fn man(args: &ManArgs) -> Result<(), CliError> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => {
            let sub = command
                .get_subcommands()
                .find(|sub| sub.get_name() == name)
                .cloned()
                .ok_or_else(|| {
                    let names: Vec<&str> = command
                        .get_subcommands()
                        .map(|sub| sub.get_name())
                        .collect();
                    CliError::usage(format!(
                        "no subcommand '{name}'; pages exist for {}",
                        names.join(", ")
                    ))
                })?;
            // After `build()`, its display name is `secrets-NAME`.
            sub
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| CliError::io("cannot render the manual page", &e))?;
    let mut out = TextOut::new()?;
    out.write(&roff)?;
    out.finish()
}
