fn main() {
    std::process::exit(kafkalint::cli::run());
}
