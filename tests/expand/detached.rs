#[async_generator(yield = Row, on_drop = spawn)]
async fn rows(pool: Pool) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    finally! { tx.rollback().await?; }
    let mut cursor = tx.query("select ...").await?;
    while let Some(row) = cursor.next().await? {
        yield_!(row);
    }
    Ok(())
}
