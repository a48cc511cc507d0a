namespace Lapor.Grains.Tests;

/// <summary>A test's own branch of the agency tree under "nasional": province → city → unit.</summary>
public sealed record TestTree(string Province, string City, string Unit);
