using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators.Bedrock;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.Bedrock;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class BedrockProviderProcessEnvironmentTests : IAsyncLifetime
{
    private static readonly ModelCapabilities Capabilities = new(true, 200_000, 64_000);
    private readonly BedrockEmulator emulator = new();

    public async ValueTask InitializeAsync() => await emulator.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task CreateChatClient_NothingConfiguredAnywhere_RealChainGivesMissingCredentialsText()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"pallas-none-{Guid.NewGuid():N}");
        using var scope = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_BEARER_TOKEN_BEDROCK"] = null,
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = missing,
            ["AWS_CONFIG_FILE"] = missing,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });
        using var client = BedrockProvider.CreateChatClient(ModelSpec.Parse("bedrock.us.anthropic.claude-sonnet-4-6"), Capabilities, Settings());

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Equal(BedrockErrors.MissingCredentialsMessage, error.Message);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task CreateChatClient_BearerTokenInProcessEnvironment_UsedAtCallTime()
    {
        using var client = BedrockProvider.CreateChatClient(ModelSpec.Parse("bedrock.anthropic.claude-sonnet-4-6"), Capabilities, Settings());
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { ["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken });

        var response = await client.GetResponseAsync("late key", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("emulator: late key", response.Text);
        Assert.Equal("bearer", Assert.Single(emulator.Requests).Auth);
    }

    private BedrockSettings Settings() => new() { Region = "us-east-1", BaseUrl = emulator.BaseUrl };
}
