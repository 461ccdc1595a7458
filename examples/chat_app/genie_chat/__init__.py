"""A chat front end for Genie: Dash callbacks kept thin over the pure functions of this package."""
