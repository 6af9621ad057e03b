"""Geography: NUTS units across versions, postcodes."""
