//! Link arguments for a Python extension module (on macOS, leave the
//! interpreter's symbols to be resolved when the module is imported).

fn main() {
    pyo3_build_config::add_extension_module_link_args();
}
