//! Prints which path the OS backend takes here and the vDSO's parameters.
fn main() {
    let mut buf = [0u8; 16];
    secrets_os::fill(&mut buf).expect("OS generator");
    println!("path: {}", secrets_os::active_path());
    match secrets_os::vdso_info() {
        Ok(info) => println!("{info:#?}"),
        Err(reason) => println!("no vDSO path: {reason}"),
    }
    println!("{:?}", secrets_os::thread_counters());
}
