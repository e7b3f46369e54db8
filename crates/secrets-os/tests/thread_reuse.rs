//! Thread exit returns the vDSO state to the pool, and new threads reuse it:
//! a thousand short-lived threads do not map a thousand states.
//! (Its own test binary, so no other test's threads hold states meanwhile.)

#[test]
fn exited_threads_return_their_states() {
    let Ok(start) = secrets_os::vdso_info() else {
        // No vDSO path here: every thread uses the system call.
        let mut buf = [0u8; 16];
        std::thread::spawn(move || secrets_os::fill(&mut buf).unwrap())
            .join()
            .unwrap();
        assert!(!secrets_os::vdso_active());
        return;
    };
    for _ in 0..1000 {
        std::thread::spawn(|| {
            let mut buf = [0u8; 16];
            secrets_os::fill(&mut buf).unwrap();
            assert_eq!(secrets_os::thread_counters().vdso, 1, "served by the vDSO");
            assert!(secrets_os::vdso_info().unwrap().states_in_use >= 1);
        })
        .join()
        .unwrap();
    }
    let end = secrets_os::vdso_info().unwrap();
    assert_eq!(
        end.states_in_use, start.states_in_use,
        "every exited thread gave its state back"
    );
    assert!(
        end.pages_mapped <= start.pages_mapped + 1,
        "{start:?} -> {end:?}"
    );

    // Concurrent threads need concurrent states, and give them all back.
    let threads = 2 * end.states_per_page + 1;
    let barrier = std::sync::Barrier::new(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut buf = [0u8; 16];
                    secrets_os::fill(&mut buf).unwrap();
                    barrier.wait(); // All hold a state now.
                })
            })
            .collect();
        // A native join also waits for the thread's TLS destructors.
        for handle in handles {
            handle.join().unwrap();
        }
    });
    let after = secrets_os::vdso_info().unwrap();
    assert_eq!(after.states_in_use, start.states_in_use);
    assert!(after.pages_mapped >= 3, "{after:?}");
    assert!(after.pages_mapped <= start.pages_mapped + 4, "{after:?}");
}
