package org.keyproject.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class RegionBoundaryApiTest {

    private static final String ADMIN_PASSWORD = "test-admin-password-1";
    private static final String SQUARE = "{\"type\": \"Polygon\", \"coordinates\": [[[121.0, 41.0], [121.1, 41.0], [121.1, 41.1], [121.0, 41.1], [121.0, 41.0]]]}";
    private static final String TWO_SQUARES = "{\"type\": \"MultiPolygon\", \"coordinates\": [[[[121.2, 41.0], [121.3, 41.0], [121.3, 41.1], [121.2, 41.1], [121.2, 41.0]]],"
            + " [[[121.4, 41.0], [121.5, 41.0], [121.5, 41.1], [121.4, 41.0]]]]}";

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired Regions regions;
    @Autowired ObjectMapper json;

    private record Place(County county, Region second) {
    }

    /** A county with two towns: the fixture's, matched by code, and a second one, matched by name. */
    private Place place(String name) {
        County county = fixtures.county(name);
        Region second = regions.create(new NewRegion(county.town().code() + "2", name + fixtures.unique() + "乡", null, "TOWN",
                county.region().id()));
        return new Place(county, second);
    }

    private static String feature(String property, String value, String geometry) {
        return "{\"type\": \"Feature\", \"properties\": {\"%s\": \"%s\"}, \"geometry\": %s}".formatted(property, value, geometry);
    }

    private static String collection(String... features) {
        return "{\"type\": \"FeatureCollection\", \"features\": [" + String.join(", ", features) + "]}";
    }

    private JsonNode boundaries(long regionId, String username, String password) throws Exception {
        String body = http.perform(get("/api/v1/regions/{id}/boundaries", regionId).with(httpBasic(username, password)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    private JsonNode refused(long regionId, String body, String language) throws Exception {
        String answer = http.perform(put("/api/v1/regions/{id}/boundaries", regionId).with(httpBasic("admin", ADMIN_PASSWORD))
                        .header("Accept-Language", language).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(answer).get("errors");
    }

    @Test
    void administratorUploadsChildBoundariesMatchedByCodeOrNameAndAnyoneInScopeReadsThemBack() throws Exception {
        Place place = place("边界");
        String body = collection(feature("code", place.county().town().code(), SQUARE), feature("name", place.second().name(), TWO_SQUARES));

        http.perform(put("/api/v1/regions/{id}/boundaries", place.county().region().id()).with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType("application/geo+json").content(body))
                .andExpect(status().isOk());

        UserAccount coordinator = fixtures.user(Role.COORDINATOR, place.county().region(), null);
        JsonNode read = boundaries(place.county().region().id(), coordinator.username(), TestFixtures.PASSWORD);
        assertThat(read.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(read.get("features")).hasSize(2);
        JsonNode first = read.get("features").get(0);
        assertThat(first.get("properties").get("regionId").asLong()).isEqualTo(place.county().town().id());
        assertThat(first.get("properties").get("code").asText()).isEqualTo(place.county().town().code());
        assertThat(first.get("properties").get("name").asText()).isEqualTo(place.county().town().name());
        assertThat(first.get("geometry").get("type").asText()).isEqualTo("Polygon");
        assertThat(read.get("features").get(1).get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
    }

    @Test
    void nonAdministratorUploadingBoundariesIsForbiddenAndNothingIsWritten() throws Exception {
        Place place = place("边界权");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, place.county().region(), null);

        http.perform(put("/api/v1/regions/{id}/boundaries", place.county().region().id())
                        .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(collection(feature("code", place.county().town().code(), SQUARE))))
                .andExpect(status().isForbidden());

        assertThat(boundaries(place.county().region().id(), "admin", ADMIN_PASSWORD).get("features")).isEmpty();
    }

    @Test
    void aFeatureMatchingNoChildIsNamedWithItsFieldAndTheGoodOnesAreNotWrittenEither() throws Exception {
        Place place = place("边界错");
        String body = collection(feature("code", place.county().town().code(), SQUARE), feature("name", "不存在镇", SQUARE));

        JsonNode errors = refused(place.county().region().id(), body, "zh-CN");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("features[1].properties");
        assertThat(errors.get(0).get("message").asText()).contains("第 2 个要素").contains("不存在镇");
        assertThat(boundaries(place.county().region().id(), "admin", ADMIN_PASSWORD).get("features")).isEmpty();
    }

    @Test
    void aGeometryThatIsNotAnAreaAndCoordinatesOutOfRangeAreEachNamedInTheUsersLanguage() throws Exception {
        Place place = place("边界几何");
        String line = "{\"type\": \"LineString\", \"coordinates\": [[121.0, 41.0], [121.1, 41.1]]}";
        String outOfRange = SQUARE.replace("[121.1, 41.1]", "[221.1, 41.1]");
        String body = collection(feature("code", place.county().town().code(), line), feature("name", place.second().name(), outOfRange));

        JsonNode errors = refused(place.county().region().id(), body, "en");

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("features[0].geometry.type");
        assertThat(errors.get(0).get("message").asText()).contains("LineString").contains("not Polygon or MultiPolygon");
        assertThat(errors.get(1).get("field").asText()).isEqualTo("features[1].geometry.coordinates");
        assertThat(errors.get(1).get("message").asText()).contains("longitudes between -180 and 180");
    }

    @Test
    void somethingThatIsNotGeoJsonIsRefusedAsSuch() throws Exception {
        Place place = place("边界非");

        JsonNode errors = refused(place.county().region().id(), "{\"type\": \"Feature\"", "zh-CN");

        assertThat(errors.get(0).get("field").asText()).isEqualTo("type");
        assertThat(errors.get(0).get("message").asText()).contains("不是 GeoJSON 要素集合");
    }

    @Test
    void boundariesOfARegionOutsideTheUsersScopeAreNotFound() throws Exception {
        Place place = place("边界外");
        County other = fixtures.county("边界他");
        UserAccount outsider = fixtures.user(Role.COORDINATOR, other.region(), null);

        http.perform(get("/api/v1/regions/{id}/boundaries", place.county().region().id())
                        .with(httpBasic(outsider.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isNotFound());
    }

    @Test
    void theBoundaryPageTakesTheAdministratorsFileAndListsWhatIsThere() throws Exception {
        Place place = place("边界页");
        MockMultipartFile file = new MockMultipartFile("file", "towns.geojson", "application/geo+json",
                collection(feature("code", place.county().town().code(), SQUARE)).getBytes(StandardCharsets.UTF_8));

        http.perform(multipart("/regions/{id}/boundaries", place.county().region().id()).file(file)
                        .with(user(fixtures.admin())).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String page = http.perform(get("/regions/{id}/boundaries", place.county().region().id()).with(user(fixtures.admin())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains(place.county().town().name()).contains("未上传").contains("boundary-upload");
        assertThat(boundaries(place.county().region().id(), "admin", ADMIN_PASSWORD).get("features")).hasSize(1);
    }
}
