using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using ModelGen.Cli.Commands;

namespace ModelGen.Cli
{
    /// <summary>Builds the command line and runs it: the whole tool, callable in-process with any writers.</summary>
    public static class CliApp
    {
        internal const string Description =
            "modelgen: compiles ONNX models to C# (the same compiler the ModelGen source generator runs at build time).\n" +
            "\n" +
            "Exit codes:\n" +
            "  0   success (run: every output within tolerance, or no expected outputs)\n" +
            "  1   run: some output is outside tolerance; conformance: some test failed or crashed\n" +
            "  2   the model cannot be compiled (each problem is printed as 'error MGxxxx: ...')\n" +
            "  3   any other failure: unreadable test data, wrong input sizes, generated C# that does not compile\n" +
            "  64  usage error: unknown verb or option, bad option value, missing file";

        /// <summary>Runs the tool on <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var io = new CliIO(stdout, stderr);
            var root = new RootCommand(Description);
            root.Subcommands.Add(CheckCommand.Create(io));
            root.Subcommands.Add(EmitCommand.Create(io));
            root.Subcommands.Add(RunCommand.Create(io));
            root.Subcommands.Add(BenchCommand.Create(io));
            root.Subcommands.Add(InspectCommand.Create(io));
            root.Subcommands.Add(ConformanceCommand.Create(io));
            root.Subcommands.Add(OptimizerReportCommand.Create(io));

            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0 && !(parse.Action?.ClearsParseErrors ?? false))
            {
                foreach (var error in parse.Errors) stderr.WriteLine("modelgen: " + error.Message);
                string verb = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
                stderr.WriteLine("Run 'modelgen " + verb + "--help' for usage.");
                return ExitCodes.Usage;
            }
            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
            }
            finally
            {
                stdout.Flush();
                stderr.Flush();
            }
        }
    }

    /// <summary>The writers a verb prints to, and the shared guard that maps exceptions to exit codes.</summary>
    internal sealed class CliIO
    {
        public CliIO(TextWriter @out, TextWriter err)
        {
            Out = @out;
            Err = err;
        }

        public TextWriter Out { get; }
        public TextWriter Err { get; }

        /// <summary>Runs a verb: usage errors exit 64, failures 3, and a crash 3 with its stack trace.</summary>
        public int Guard(Func<int> verb)
        {
            try
            {
                return verb();
            }
            catch (UsageException e)
            {
                Err.WriteLine("modelgen: " + e.Message);
                return ExitCodes.Usage;
            }
            catch (CliFailureException e)
            {
                Err.WriteLine("modelgen: " + e.Message);
                return ExitCodes.Failure;
            }
            catch (Exception e)
            {
                Err.WriteLine("modelgen: unexpected " + e.GetType().Name + ": " + e.Message);
                Err.WriteLine(string.Join(Environment.NewLine, e.ToString().Split('\n').Skip(1).Take(12).Select(l => l.TrimEnd())));
                return ExitCodes.Failure;
            }
        }
    }
}
