package org.keyproject;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(KeyprojectApplication.class);

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicApi() {
        modules.verify();
    }

    @Test
    void moduleMapIsWrittenForTheArchitectureDocs() {
        new Documenter(modules).writeModulesAsPlantUml();
        org.assertj.core.api.Assertions.assertThat(modules.stream().map(m -> m.getName()))
                .contains("project", "people", "region", "audit", "web");
    }
}
