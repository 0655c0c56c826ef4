"""`kafkalint lsp` driven by a real LSP client (pytest-lsp, declaring VS Code's, then Neovim's capabilities).

Run by tests/lsp.rs; KAFKALINT_BIN names the binary. Every response is also checked by pytest-lsp
against the client's declared capabilities (pytest.ini turns those warnings into failures).
"""

import asyncio
import json
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

KAFKALINT = os.environ.get("KAFKALINT_BIN", "kafkalint")
DOCS = "https://github.com/kafkalint/kafkalint/blob/main/docs/rules.md"
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


class Publications:
    """Every publishDiagnostics the server sends, in order (the client keeps only the last)."""

    def __init__(self, client: LanguageClient):
        self.client = client
        self.items: list[types.PublishDiagnosticsParams] = []
        self._arm()

    def _arm(self):
        self.client.protocol.wait_for_notification(PUBLISH).add_done_callback(self._got)

    def _got(self, future):
        # The future fails when the server exits: nothing more will come.
        if future.exception() is None:
            self.items.append(future.result())
            self._arm()

    def mark(self) -> int:
        return len(self.items)

    async def next_at(self, uri: str, after: int, version=None, timeout=15.0):
        """The first publication for `uri` (and `version`) after the mark `after`, and its mark."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            for i, p in enumerate(self.items[after:], start=after):
                if p.uri == uri and (version is None or p.version == version):
                    return i, p
            await asyncio.sleep(0.005)
        raise AssertionError(f"no diagnostics published for {uri} (version {version}): {self.items[after:]}")

    async def next(self, uri: str, after: int, version=None):
        return (await self.next_at(uri, after, version))[1]


# Each test runs as two editors: capabilities as Visual Studio Code and Neovim declare them.
@pytest_lsp.fixture(config=ClientServerConfig(server_command=[KAFKALINT, "lsp"]), params=["visual-studio-code", "neovim"])
async def client(request, lsp_client: LanguageClient):
    lsp_client.publications = Publications(lsp_client)
    lsp_client.registrations = []

    # As an editor does: accept the server's dynamic registrations (file watching).
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    params = types.InitializeParams(capabilities=client_capabilities(request.param))
    result = await lsp_client.initialize_session(params)
    assert result.server_info.name == "kafkalint"
    yield
    # Shutdown then exit: the server ends with status 0.
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0


def uri_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="properties", version=version, text=text)
        )
    )


def change_doc(client: LanguageClient, uri: str, version: int, text: str):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def rng(l1, c1, l2, c2) -> types.Range:
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


def codes(diagnostics) -> list:
    return [d.code for d in diagnostics]


PRODUCER = "bootstrap.servers=kafka-1:9092\nenable.idempotence=true\n# Lower latency.\nacks=1\n"


async def test_diagnostics_fix_hover_completion_and_change(client: LanguageClient, tmp_path: pathlib.Path):
    uri = uri_of(tmp_path / "producer.properties")
    mark = client.publications.mark()
    open_doc(client, uri, PRODUCER)
    published = await client.publications.next(uri, mark, version=1)

    # publishDiagnostics: the rule id, its range on the value of `acks`, severity, link, source.
    [diag] = [d for d in published.diagnostics if d.code == "producer/idempotence-without-acks-all"]
    assert diag.range == rng(3, 5, 3, 6)
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.source == "kafkalint"
    assert diag.code_description.href == f"{DOCS}#produceridempotence-without-acks-all"
    assert "`acks" in diag.message
    # The other key involved, `enable.idempotence=true` on line 2, as related information.
    assert any(r.location.uri == uri and r.location.range.start.line == 1 for r in diag.related_information)

    # codeAction: the rule's safe fix as a workspace edit, preferred.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    [action] = actions
    assert "acks=all" in action.title
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.is_preferred is True
    assert {u: list(edits) for u, edits in action.edit.changes.items()} == {
        uri: [types.TextEdit(range=rng(3, 5, 3, 6), new_text="all")]
    }

    # hover on the key: type, default and valid values for a producer in the target version, and
    # the docs of the rule that fired on the line.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=2))
    )
    text = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "**`acks`** · producer key" in text
    assert "- Type: `string`" in text and "- Default: `all`" in text and "[all, -1, 0, 1]" in text
    assert f"[`producer/idempotence-without-acks-all`]({DOCS}#produceridempotence-without-acks-all)" in text
    assert hover.range == rng(3, 0, 3, 4)

    # completion: producer keys, with type and default as detail; no consumer key, no key set already.
    mark = client.publications.mark()
    change_doc(client, uri, 2, PRODUCER + "max.in")
    await client.publications.next(uri, mark, version=2)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=6))
    )
    items = {i.label: i for i in completion.items}
    assert "max.in.flight.requests.per.connection" in items
    assert items["max.in.flight.requests.per.connection"].detail == "int, default 5"
    assert "acks" not in items and "group.id" not in items
    assert items["max.in.flight.requests.per.connection"].text_edit.range == rng(4, 0, 4, 6)

    # didChange: the fix applied by hand, the diagnostics follow.
    mark = client.publications.mark()
    change_doc(client, uri, 3, PRODUCER.replace("acks=1", "acks=all"))
    published = await client.publications.next(uri, mark, version=3)
    assert "producer/idempotence-without-acks-all" not in codes(published.diagnostics)


async def test_consumer_checked_against_the_broker_in_its_folder(client: LanguageClient, tmp_path: pathlib.Path):
    broker = tmp_path / "server.properties"
    broker.write_text("process.roles=broker\nnode.id=1\nlog.dirs=/var/lib/kafka\ngroup.max.session.timeout.ms=30000\n")
    consumer = uri_of(tmp_path / "consumer.properties")
    mark = client.publications.mark()
    open_doc(client, consumer, "group.id=billing\nsession.timeout.ms=45000\n")
    published = await client.publications.next(consumer, mark, version=1)
    [diag] = [d for d in published.diagnostics if d.code == "consumer/session-timeout-vs-broker-bounds"]
    assert diag.range == rng(1, 19, 1, 24)
    assert "30000" in diag.message
    assert uri_of(broker) in [r.location.uri for r in diag.related_information]
    # Only the open file's diagnostics are published.
    assert {p.uri for p in client.publications.items} == {consumer}
    # Brokers changed on disk (a `git pull`) are watched for, where the editor can.
    watches = client.capabilities.workspace.did_change_watched_files.dynamic_registration
    if watches:
        [watch] = client.registrations
        assert watch.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        assert "**/*.properties" in [w["globPattern"] for w in watch.register_options["watchers"]]
    else:
        assert client.registrations == []

    # Opening the broker re-lints the consumer (same finding); raising the bound in the unsaved
    # broker buffer re-lints it again, and the finding goes.
    mark = client.publications.mark()
    open_doc(client, uri_of(broker), broker.read_text())
    at, published = await client.publications.next_at(consumer, mark)
    assert "consumer/session-timeout-vs-broker-bounds" in codes(published.diagnostics)
    change_doc(client, uri_of(broker), 2, broker.read_text().replace("30000", "60000"))
    published = await client.publications.next(consumer, at + 1)
    assert "consumer/session-timeout-vs-broker-bounds" not in codes(published.diagnostics)


async def test_no_secret_reaches_the_client(client: LanguageClient, tmp_path: pathlib.Path):
    secrets = ["Pa55w0rd-keystore", "alice-secret-pw"]
    uri = uri_of(tmp_path / "consumer.properties")
    text = (
        "group.id=payments\n"
        f"ssl.keystore.password={secrets[0]} \n"
        f"ssl.keystore.password={secrets[0]}\n"
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        f'username="alice" password="{secrets[1]}";\n'
    )
    mark = client.publications.mark()
    open_doc(client, uri, text)
    published = await client.publications.next(uri, mark, version=1)
    assert "schema/duplicate-key" in codes(published.diagnostics)
    seen = [json.dumps(client.protocol._converter.unstructure(published))]
    for d in published.diagnostics:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=d.range, context=types.CodeActionContext(diagnostics=[d])
            )
        )
        seen.append(json.dumps(client.protocol._converter.unstructure(actions)))
    for line in range(4):
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=3))
        )
        seen.append(json.dumps(client.protocol._converter.unstructure(hover)))
    everything = "\n".join(seen)
    for s in secrets:
        assert s not in everything
