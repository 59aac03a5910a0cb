using System;
using System.IO;
using System.Linq;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Packaging
{
    /// <summary>
    /// build/ModelGen.targets passes a project-wide instruction-set floor to NativeAOT (IlcInstructionSet, which ILC reads
    /// as --instruction-set): only for an x64 target and only when the user set no IlcInstructionSet. Runs the one target
    /// on the Digits sample and reads the property back (what a publish then hands ILC; the rsp file shows the same).
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class IlcInstructionSetTargetTest
    {
        [Theory]
        [InlineData("x86-64-v4", "linux-x64", "", "x86-64-v4")]
        [InlineData("x86-64-v3", "linux-x64", "avx2", "avx2")]
        [InlineData("x86-64-v3", "linux-arm64", "", "")]
        public void The_floor_becomes_IlcInstructionSet_only_for_x64_and_only_when_unset(string floor, string rid, string userSet, string expected)
        {
            string project = Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Digits.csproj");
            var args = new[] { "msbuild", project, "-t:ModelGenIlcInstructionSet", "-p:ModelGenInstructionSet=" + floor, "-p:RuntimeIdentifier=" + rid,
                "-getProperty:IlcInstructionSet", "-nologo", "-nodeReuse:false" };
            if (userSet.Length > 0) args = args.Append("-p:IlcInstructionSet=" + userSet).ToArray();
            var run = DotnetChild.Run(TestPaths.RepoRoot, args, TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0 && !run.TimedOut, "dotnet msbuild failed:" + Environment.NewLine + run.Output);
            Assert.Equal(expected, run.Output.Trim());
        }
    }
}
