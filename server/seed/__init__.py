"""Data to start from: the seed's demo (`serve --demo`) and the synthetic national dataset
(`seed-synthetic`). With server/app, the only places that wire the use cases."""
