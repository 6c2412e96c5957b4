using Pallas.Configuration.Models;

namespace Pallas.Configuration.Loading;

/// <summary>A model an agent or sub-agent runs on, and where it is written.</summary>
internal sealed record ModelUse(ModelSpec Model, YamlLocation At, string Agent);
