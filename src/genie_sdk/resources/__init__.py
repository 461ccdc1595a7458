"""Resources: one class per API area, each method written once for both clients."""
