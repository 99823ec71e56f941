//! `sovereign-emulator`: run the emulator, or print the environment for a cloud.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
