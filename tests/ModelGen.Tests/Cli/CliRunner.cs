using System;
using System.IO;
using System.Linq;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>What one in-process run of the tool printed and returned.</summary>
    internal sealed class CliOutcome
    {
        public CliOutcome(int exitCode, string stdout, string stderr)
        {
            ExitCode = exitCode;
            Stdout = stdout;
            Stderr = stderr;
        }

        public int ExitCode { get; }
        public string Stdout { get; }
        public string Stderr { get; }

        public override string ToString() => "exit " + ExitCode + "\n--- stdout\n" + Stdout + "--- stderr\n" + Stderr;
    }

    internal static class CliRunner
    {
        public static CliOutcome Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(args, stdout, stderr);
            return new CliOutcome(code, stdout.ToString(), stderr.ToString());
        }

        /// <summary>Asserts the exit code, showing everything the tool printed when it differs.</summary>
        public static CliOutcome Expect(int exitCode, params string[] args)
        {
            var outcome = Run(args);
            Assert.True(outcome.ExitCode == exitCode, "expected exit " + exitCode + ", got:\n" + outcome);
            return outcome;
        }

        /// <summary>Generated code must compile without warnings; run prints them as "generated code: ... warning CS...".</summary>
        public static void AssertNoGeneratedCodeWarnings(CliOutcome outcome)
        {
            var lines = outcome.Stderr.Split('\n').Where(l => l.StartsWith("generated code:", StringComparison.Ordinal)).ToArray();
            Assert.True(lines.Length == 0, "generated code has diagnostics:\n" + string.Join("\n", lines));
        }
    }

    /// <summary>A temporary folder removed after the test.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelgen-cli-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
