package dev.echollama.llm.openai;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** Under a config naming a local server; {@code create} contacts nothing, so the server only has to exist. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiCompatibleProviderContractTest extends ProviderContract {
    private final OpenAiCompatibleContractTest.LocalServer server =
            OpenAiCompatibleContractTest.LocalServer.start();

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected StageProvider<?> provider() {
        return new OpenAiCompatibleProvider();
    }

    @Override
    protected ProviderConfig config() {
        return OpenAiCompatibleContractTest.config(server);
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(OpenAiSettings.BASE_URL, OpenAiSettings.MODEL, OpenAiSettings.API_KEY,
                OpenAiSettings.CONNECT_TIMEOUT, OpenAiSettings.READ_TIMEOUT, OpenAiSettings.MAX_RETRIES,
                OpenAiSettings.RETRY_BASE, OpenAiSettings.RETRY_MAX, OpenAiSettings.MAX_RETRY_AFTER,
                OpenAiSettings.CONTEXT_LENGTH);
    }
}
