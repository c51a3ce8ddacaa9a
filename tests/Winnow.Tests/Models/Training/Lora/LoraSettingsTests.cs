using Winnow.Models.Training.Lora;

namespace Winnow.Tests.Models.Training.Lora;

public class LoraSettingsTests
{
    [Fact]
    public void ParsesRankAlphaAndATargetList()
    {
        var s = LoraSettings.Parse("r=8,alpha=16,targets=q_proj,v_proj");
        Assert.Equal(8, s.Rank);
        Assert.Equal(2.0, s.Scale);
        Assert.Equal(["q_proj", "v_proj"], s.Targets);
        Assert.Equal("r=8,alpha=16,targets=q_proj,v_proj", s.ToString());
    }

    [Fact]
    public void AlphaDefaultsToRankAndTargetsMayComeFirst()
    {
        var s = LoraSettings.Parse("targets=c_attn,r=4");
        Assert.Equal(1.0, s.Scale);
        Assert.Equal(["c_attn"], s.Targets);
    }

    [Theory]
    [InlineData("alpha=16,targets=q_proj", "r and targets are required")]
    [InlineData("r=8", "r and targets are required")]
    [InlineData("r=0,targets=q_proj", "positive integer")]
    [InlineData("r=8,targets=q_proj,dropout=0.1", "dropout")]
    [InlineData("r=8,rank=3,targets=q_proj", "unknown key 'rank'")]
    [InlineData("r=8,q_proj", "not key=value")]
    public void BadSettingsAreNamed(string text, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => LoraSettings.Parse(text)).Message);

    [Fact]
    public void TargetsMatchAsPeftDoes()
    {
        Assert.True(LinearModules.Matches("transformer.h.0.attn.c_proj", "c_proj"));
        Assert.True(LinearModules.Matches("transformer.h.0.attn.c_proj", "attn.c_proj"));
        Assert.False(LinearModules.Matches("transformer.h.0.mlp.c_proj", "attn.c_proj"));
        Assert.False(LinearModules.Matches("model.layers.0.self_attn.q_proj", "_proj"));
    }
}
