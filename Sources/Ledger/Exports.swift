// A mistake in a configuration file is thrown by Ledger's and Scoring's loaders: users catch it
// by name, so it is part of Ledger's public surface (defined beside the YAML reader that raises it).
@_exported import struct TaizhangSupport.ConfigurationError
