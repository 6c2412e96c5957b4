namespace Pallas.Hosting;

/// <summary>Process exit codes of <see cref="PallasHost.RunAsync"/>.</summary>
public static class PallasExitCodes
{
    /// <summary>Ran and stopped cleanly (including Ctrl-C / SIGTERM after draining).</summary>
    public const int Ok = 0;

    /// <summary>A port could not be bound (in use, or not permitted).</summary>
    public const int PortUnavailable = 3;

    /// <summary>Startup failed for another reason (unknown <c>--agent</c> name, bad bind address, runtime creation failed).</summary>
    public const int StartupFailed = 4;
}
