package org.keyproject.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs: what the API is and how clients authenticate. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI keyprojectApi() {
        return new OpenAPI()
                .info(new Info().title("keyproject API").version("v1").description("""
                        The key-project library (重点项目库) of keyproject. Money is in 万元 (10,000 yuan) with up to \
                        four decimals. Every call sees only the caller's data scope. Errors are RFC 9457 problem \
                        details; invalid input lists each field in `errors`. Updates carry the version read \
                        (body `version` or `If-Match`); a stale one is answered 409."""))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A personal access token from POST /api/v1/tokens")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
