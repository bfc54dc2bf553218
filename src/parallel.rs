//! Runs independent pieces of work on threads of their own and collects their results in
//! order; a thread that panics becomes an error, not a crash of the whole report.

/// `work` on each item, one scoped thread per item; results in the items' order.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    what: &str,
    work: impl Fn(&T) -> anyhow::Result<R> + Sync,
) -> Vec<anyhow::Result<R>> {
    if items.len() <= 1 {
        return items.iter().map(&work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a {what} thread failed")))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let results = super::map(&[3, 1, 2], "test", |value| Ok(value * 10));
        let values: Vec<i32> = results.into_iter().map(Result::unwrap).collect();
        assert_eq!(values, [30, 10, 20]);
    }
}
