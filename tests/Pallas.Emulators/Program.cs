using Pallas.Emulators.Anthropic;
using Pallas.Emulators.Bedrock;
using Pallas.Emulators.OpenAI;

using System.Runtime.InteropServices;

// Runs one emulator until Ctrl-C or SIGTERM, for offline work against a real `pallas`:
//   dotnet run --project tests/Pallas.Emulators -- bedrock|anthropic|mantle|openai
// With no script, each emulator answers by echoing the last user or tool text.
var which = args.FirstOrDefault() ?? "";
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
// `kill` (and a test or script stopping it) sends SIGTERM: stop as cleanly as on Ctrl-C.
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

switch (which)
{
    case "bedrock":
        await using (var bedrock = new BedrockEmulator())
        {
            await bedrock.StartAsync(stop.Token);
            Console.WriteLine($"Bedrock Runtime emulator: bedrock.base_url: {bedrock.BaseUrl}  (AWS_BEARER_TOKEN_BEDROCK={new BedrockEmulatorOptions().BearerToken})");
            await WaitAsync(stop.Token);
        }

        break;
    case "anthropic" or "mantle":
        await using (var anthropic = new AnthropicEmulator(new AnthropicEmulatorOptions { Mantle = which == "mantle" }))
        {
            await anthropic.StartAsync(stop.Token);
            Console.WriteLine($"Anthropic Messages emulator{(which == "mantle" ? " (Mantle mode)" : "")}: anthropic.base_url: {anthropic.BaseUrl}  anthropic.api_key: test-key{(which == "mantle" ? "  anthropic.mantle: true" : "")}");
            await WaitAsync(stop.Token);
        }

        break;
    case "openai":
        await using (var openai = new OpenAIEmulator())
        {
            await openai.StartAsync(stop.Token);
            Console.WriteLine($"OpenAI Chat Completions emulator: openai.base_url: {openai.BaseUrl}  openai.api_key: test-key");
            await WaitAsync(stop.Token);
        }

        break;
    default:
        Console.Error.WriteLine("usage: Pallas.Emulators bedrock|anthropic|mantle|openai");
        return 1;
}

return 0;

static async Task WaitAsync(CancellationToken cancellationToken)
{
    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException)
    {
        // Ctrl-C or SIGTERM: stop the emulator.
    }
}
