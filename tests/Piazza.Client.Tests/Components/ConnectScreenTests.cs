using Microsoft.AspNetCore.Components;
using Piazza.Client.Components.Connect;
using Piazza.Client.Session;
using Piazza.Client.Settings;

namespace Piazza.Client.Tests.Components;

public sealed class ConnectScreenTests : BunitContext
{
    public ConnectScreenTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private static ConnectFormModel Model(string host = "127.0.0.1", int port = 5000, string user = "alice") =>
        ConnectFormModel.From(new ClientSettings { Host = host, Port = port, Username = user });

    private IRenderedComponent<ConnectScreen> RenderForm(ConnectFormModel model, FormFailure? failure = null,
        Action<string>? onSuggestion = null, Action? onConnect = null) =>
        Render<ConnectScreen>(p => p
            .Add(c => c.Model, model)
            .Add(c => c.Failure, failure)
            .Add(c => c.OnConnect, () => onConnect?.Invoke())
            .Add(c => c.OnUseSuggestion, (string s) => onSuggestion?.Invoke(s)));

    private static string HintFor(IRenderedComponent<ConnectScreen> cut, string id)
    {
        var input = cut.Find("#" + id);
        var describedBy = input.GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy));
        return cut.Find("#" + describedBy).TextContent.Trim();
    }

    [Fact]
    public void Fields_have_visible_labels_and_show_their_rule_when_valid()
    {
        var cut = RenderForm(Model());

        Assert.Equal("Host", cut.Find("label[for=host]").TextContent);
        Assert.Equal("Port", cut.Find("label[for=port]").TextContent);
        Assert.Equal("Username", cut.Find("label[for=username]").TextContent);
        Assert.Equal(ConnectFormModel.HostHint, HintFor(cut, "host"));
        Assert.Equal(ConnectFormModel.PortHint, HintFor(cut, "port"));
        Assert.Equal(Piazza.Protocol.UsernameRules.Rule, HintFor(cut, "username"));
        Assert.Equal("false", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));
        Assert.Equal("Connect", cut.Find("button[type=submit]").TextContent);
    }

    /// <summary>The sentence the shared rules give: the form must show exactly that, under the field.</summary>
    private static string RuleSentence(string field, string value) => field switch
    {
        "host" => Piazza.Protocol.EndpointRules.ValidateHost(value).Message!,
        "port" => Piazza.Protocol.EndpointRules.ValidatePort(value).Message!,
        _ => Piazza.Protocol.UsernameRules.Validate(value).Message!,
    };

    [Theory]
    [InlineData("port", "70000", "70000")]
    [InlineData("port", "abc", "abc")]
    [InlineData("port", "", "Port")]
    [InlineData("host", "bad host", "space")]
    [InlineData("host", "", "Host")]
    [InlineData("username", "1alice", "letter")]
    [InlineData("username", "al ice", "space")]
    [InlineData("username", "admin", "reserved")]
    public void Typing_an_invalid_value_shows_the_rule_under_the_field_and_disables_Connect(string field, string value, string mentions)
    {
        var cut = RenderForm(Model());

        cut.Find("#" + field).Input(value);

        var shown = HintFor(cut, field);
        Assert.Equal(RuleSentence(field, value), shown);
        Assert.Contains(mentions, shown, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("true", cut.Find("#" + field).GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));
    }

    [Fact]
    public void Fixing_the_value_enables_Connect_again()
    {
        var cut = RenderForm(Model());
        cut.Find("#port").Input("0");
        Assert.Equal("true", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));

        cut.Find("#port").Input("6000");

        Assert.Equal("false", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));
        Assert.Equal(ConnectFormModel.PortHint, HintFor(cut, "port"));
        Assert.Equal("false", cut.Find("#port").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void An_untouched_empty_username_shows_the_rule_not_an_error_but_Connect_stays_disabled()
    {
        var cut = RenderForm(Model(user: ""));

        Assert.Equal(Piazza.Protocol.UsernameRules.Rule, HintFor(cut, "username"));
        Assert.Equal("false", cut.Find("#username").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));
    }

    [Fact]
    public void Submitting_a_valid_form_asks_to_connect_and_an_invalid_one_does_not()
    {
        var asked = 0;
        var cut = RenderForm(Model(), onConnect: () => asked++);
        cut.Find("form").Submit();
        Assert.Equal(1, asked);

        cut.Find("#username").Input("");
        cut.Find("form").Submit();
        Assert.Equal(1, asked);
    }

    [Fact]
    public void A_failure_shows_one_sentence_as_an_alert_keeps_the_values_and_focuses_the_field_to_fix()
    {
        var model = Model(host: "chat.example.org", port: 6000, user: "bob");
        var cut = RenderForm(model);
        var portReference = cut.Find("#port").GetAttribute("blazor:elementReference");

        cut.Render(p => p.Add(c => c.Failure, new FormFailure("The port 6000 on chat.example.org refused the connection.", "Port")));

        var alert = cut.Find("[role=alert]");
        Assert.Equal("The port 6000 on chat.example.org refused the connection.", alert.TextContent.Trim());
        Assert.Equal("chat.example.org", cut.Find("#host").GetAttribute("value"));
        Assert.Equal("6000", cut.Find("#port").GetAttribute("value"));
        Assert.Equal("bob", cut.Find("#username").GetAttribute("value"));
        Assert.Equal("true", cut.Find("#port").GetAttribute("aria-invalid"));
        var focus = JSInterop.Invocations.Where(i => i.Identifier == "Blazor._internal.domWrapper.focus").Last();
        Assert.Equal(portReference, Assert.IsType<ElementReference>(focus.Arguments[0]).Id);
    }

    [Fact]
    public void A_taken_username_offers_the_suggestion_as_one_click()
    {
        string? chosen = null;
        var cut = RenderForm(Model(user: "alice"), new FormFailure("The username 'alice' is already in use.", "Username", "alice_2"),
            onSuggestion: s => chosen = s);

        Assert.Contains("The username 'alice' is already in use.", cut.Find("[role=alert]").TextContent);
        var focus = JSInterop.Invocations.Where(i => i.Identifier == "Blazor._internal.domWrapper.focus").Last();
        focus.Arguments[0].ShouldBeElementReferenceTo(cut.Find("#username"));

        cut.Find("button.suggestion").Click();

        Assert.Equal("Connect as alice_2", cut.Find("button.suggestion").TextContent);
        Assert.Equal("alice_2", chosen);
    }

    [Fact]
    public void A_failure_without_a_field_focuses_Connect()
    {
        var cut = RenderForm(Model(), new FormFailure("The server is full; try again later."));

        var focus = JSInterop.Invocations.Where(i => i.Identifier == "Blazor._internal.domWrapper.focus").Last();
        focus.Arguments[0].ShouldBeElementReferenceTo(cut.Find("button[type=submit]"));
    }

    [Fact]
    public void While_connecting_Connect_is_disabled_and_Cancel_is_offered()
    {
        var cancelled = false;
        var cut = Render<ConnectScreen>(p => p
            .Add(c => c.Model, Model())
            .Add(c => c.Busy, true)
            .Add(c => c.OnCancel, () => cancelled = true));

        Assert.Equal("true", cut.Find("button[type=submit]").GetAttribute("aria-disabled"));
        Assert.Contains("Connecting to 127.0.0.1:5000", cut.Find(".busy").TextContent);
        cut.FindAll("button").Single(b => b.TextContent == "Cancel").Click();
        Assert.True(cancelled);
    }

    private const string Old = "48:96:9A:4F:09:E2:F8:46:71:92:78:DD:4C:6D:12:83:BD:B4:7B:D9:26:D7:45:08:5F:5F:A8:94:D3:61:BD:9F";
    private const string New = "11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00";

    private static FormFailure Changed() => new("changed", Certificate: new Piazza.Client.Core.PresentedCertificate(
            "127.0.0.1", 5443, New, "CN=localhost", "CN=localhost", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(10),
            ["localhost"], Piazza.Client.Core.CertificateProblems.Untrusted, Old),
        Kind: Piazza.Client.Core.ConnectFailureKind.CertificateChanged);

    private IRenderedComponent<ConnectScreen> RenderChanged(Action onForget) =>
        Render<ConnectScreen>(p => p
            .Add(c => c.Model, Model())
            .Add(c => c.Failure, Changed())
            .Add(c => c.OnForgetCertificate, onForget));

    private static List<string> Buttons(IRenderedComponent<ConnectScreen> cut) =>
        [.. cut.FindAll("[role=alert] button").Select(b => b.TextContent.Trim())];

    [Fact]
    public void A_changed_certificate_is_forgotten_only_after_the_person_confirms()
    {
        var forgotten = 0;
        var cut = RenderChanged(() => forgotten++);

        Assert.Contains("has changed since you trusted it", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Equal([Old, New], cut.FindAll("code.fingerprint").Select(c => c.TextContent));
        Assert.Equal(["Forget the old certificate"], Buttons(cut));

        // The first press only asks; "Keep it" goes back without forgetting anything.
        cut.FindAll("button").Single(b => b.TextContent == "Forget the old certificate").Click();
        Assert.Equal(0, forgotten);
        Assert.Equal(["Forget it and connect", "Keep it"], Buttons(cut));
        var question = cut.Find("[role=group]");
        Assert.Equal("forget-question", question.GetAttribute("aria-labelledby"));
        Assert.StartsWith("Forget the certificate trusted for 127.0.0.1:5443?", cut.Find("#forget-question").TextContent, StringComparison.Ordinal);
        cut.FindAll("button").Single(b => b.TextContent == "Keep it").Click();
        Assert.Equal(0, forgotten);
        Assert.Equal(["Forget the old certificate"], Buttons(cut));

        cut.FindAll("button").Single(b => b.TextContent == "Forget the old certificate").Click();
        cut.FindAll("button").Single(b => b.TextContent == "Forget it and connect").Click();
        Assert.Equal(1, forgotten);
    }

    [Fact]
    public void A_certificate_to_trust_on_first_use_offers_no_forgetting()
    {
        var cut = Render<ConnectScreen>(p => p
            .Add(c => c.Model, Model())
            .Add(c => c.Failure, Changed() with { Kind = Piazza.Client.Core.ConnectFailureKind.CertificateNotTrusted }));

        Assert.Equal(["Trust this certificate and connect"], Buttons(cut));
    }

    [Fact]
    public void Remembered_certificates_are_listed_and_each_is_forgotten_only_after_confirming()
    {
        Piazza.Client.Core.KnownCertificate? forgotten = null;
        Piazza.Client.Core.KnownCertificate[] known =
        [
            new("127.0.0.1", 5443, Old, DateTimeOffset.UnixEpoch),
            new("chat.example.org", 6697, New, DateTimeOffset.UnixEpoch),
        ];
        var cut = Render<ConnectScreen>(p => p
            .Add(c => c.Model, Model())
            .Add(c => c.Certificates, known)
            .Add(c => c.OnForgetRemembered, (Piazza.Client.Core.KnownCertificate c) => forgotten = c));

        Assert.Equal("Remembered certificates (2)", cut.Find("details.remembered-certificates summary").TextContent);
        Assert.Equal([Old, New], cut.FindAll(".remembered-certificates code.fingerprint").Select(c => c.TextContent));
        var forget = cut.FindAll(".remembered-certificates button").Select(b => b.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Forget the certificate of 127.0.0.1:5443", "Forget the certificate of chat.example.org:6697"], forget);

        cut.Find("button[aria-label='Forget the certificate of chat.example.org:6697']").Click();
        Assert.Null(forgotten);
        Assert.Equal("Forget the certificate of chat.example.org:6697?", cut.Find(".remembered-certificates [role=group]").GetAttribute("aria-label"));
        cut.FindAll("button").Single(b => b.TextContent == "Keep chat.example.org:6697").Click();
        Assert.Null(forgotten);
        Assert.Empty(cut.FindAll(".remembered-certificates [role=group]"));

        cut.Find("button[aria-label='Forget the certificate of chat.example.org:6697']").Click();
        cut.FindAll("button").Single(b => b.TextContent == "Forget chat.example.org:6697").Click();
        Assert.Equal(known[1], forgotten);
    }

    [Fact]
    public void Without_remembered_certificates_there_is_no_list()
    {
        var cut = RenderForm(Model());

        Assert.Empty(cut.FindAll(".remembered-certificates"));
    }
}
