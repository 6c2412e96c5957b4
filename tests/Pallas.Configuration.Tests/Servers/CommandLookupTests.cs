using Pallas.Configuration.Settings;

namespace Pallas.Configuration.Tests.Servers;

public sealed class CommandLookupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pallas-lookup").FullName;

    [Fact]
    public void Find_NameOnPath_ReturnsTheExecutableFile()
    {
        var program = Executable("bin/tool");

        Assert.Equal(program, CommandLookup.Find("tool", _directory, $"/nonexistent{Path.PathSeparator}{Path.Combine(_directory, "bin")}"));
    }

    [Fact]
    public void Find_FileWithoutExecuteBit_IsNotAProgram()
    {
        var file = Path.Combine(_directory, "notes");
        File.WriteAllText(file, "not a program");

        Assert.Null(CommandLookup.Find("notes", _directory, _directory));
        Assert.Null(CommandLookup.Find("./notes", _directory));
    }

    [Fact]
    public void Find_RelativePath_IsResolvedAgainstTheWorkingDirectory()
    {
        var program = Executable("scripts/serve.sh");

        Assert.Equal(program, CommandLookup.Find("scripts/serve.sh", _directory, path: ""));
        Assert.Null(CommandLookup.Find("scripts/missing.sh", _directory, path: ""));
    }

    [Fact]
    public void NotFound_NamesTheCommandAndTheKey()
    {
        Assert.Equal("command not found: uvx (not on PATH; install it, or set mcp.servers.fetch.command to its full path)", CommandLookup.NotFound("fetch", "uvx"));
        Assert.Equal("command not found: ./serve.sh (no such executable file; fix mcp.servers.local.command)", CommandLookup.NotFound("local", "./serve.sh"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Executable(string relative)
    {
        var file = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return file;
    }
}
