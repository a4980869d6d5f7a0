//! `on_both_flavours!`: a scenario run on both tokio runtime flavours.

/// Runs each named `async fn` scenario on a current-thread and on a
/// multi-thread runtime, as two tests in a module of the scenario's name.
macro_rules! on_both_flavours {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "current_thread")]
            async fn current_thread() {
                super::$name().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn multi_thread() {
                super::$name().await;
            }
        }
    )*};
}
