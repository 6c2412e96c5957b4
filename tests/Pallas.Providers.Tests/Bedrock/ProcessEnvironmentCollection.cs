namespace Pallas.Providers.Tests.Bedrock;

/// <summary>
/// Tests that change process environment variables (the AWS SDK's default chain reads them directly and caches):
/// they run alone, never in parallel with other tests, and restore every variable they touch.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
